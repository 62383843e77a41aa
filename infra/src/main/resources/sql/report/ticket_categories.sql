-- The tickets opened in [from, to) by category (the one in force: a person's correction wins), with
-- the customers they came from and those customers' ARR, beside the count of [previous_from, from).
WITH week AS (
  SELECT t.category, t.customer_id FROM support_tickets t WHERE t.opened_at >= ? AND t.opened_at < ?
), per_category AS (
  SELECT category, count(*) AS tickets, count(DISTINCT customer_id) AS customers FROM week GROUP BY category
), arr AS (
  SELECT w.category, sum(c.arr) AS arr
  FROM (SELECT DISTINCT category, customer_id FROM week) w
  JOIN customers c ON c.id = w.customer_id
  GROUP BY w.category
), previous AS (
  SELECT t.category, count(*) AS tickets FROM support_tickets t WHERE t.opened_at >= ? AND t.opened_at < ?
  GROUP BY t.category
)
SELECT p.category, p.tickets, p.customers, a.arr, coalesce(v.tickets, 0) AS previous_tickets
FROM per_category p
JOIN arr a ON a.category = p.category
LEFT JOIN previous v ON v.category = p.category
ORDER BY p.tickets DESC, a.arr DESC, p.category
