-- The feature requests opened in [from, to) with the customer who asked: largest ARR first.
SELECT t.id, t.subject, t.status, t.opened_at, c.id AS customer_id, c.name, c.arr, c.segment, c.plan, c.health_band
FROM support_tickets t
JOIN customers c ON c.id = t.customer_id
WHERE t.category = 'feature_request' AND t.opened_at >= ? AND t.opened_at < ?
ORDER BY c.arr DESC, t.opened_at, t.id
LIMIT ?
