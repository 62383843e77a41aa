-- Customers at risk at the week's end: on their newest scored day of [from, to) red, or yellow and
-- declining (the at-risk escalation's rule, docs/health.md). escalated: an at_risk signal of the
-- week exists (by its data day, metadata asOf, as signals.sql). Largest ARR first; total and arr_total count every one, not only the listed.
WITH latest AS (
  SELECT DISTINCT ON (h.customer_id) h.customer_id, h.score, h.band, h.trend, h.most_impactful
  FROM customer_health h
  WHERE h.as_of >= ? AND h.as_of < ?
  ORDER BY h.customer_id, h.as_of DESC
)
SELECT c.id, c.name, c.arr, c.csm_id, l.score, l.band, l.trend, l.most_impactful,
       EXISTS (SELECT 1 FROM risk_signals s
               WHERE s.customer_id = c.id AND s.type = 'at_risk'
                 AND coalesce(CAST(s.metadata ->> 'asOf' AS date), CAST(s.created_at AT TIME ZONE 'UTC' AS date)) >= ?
                 AND coalesce(CAST(s.metadata ->> 'asOf' AS date), CAST(s.created_at AT TIME ZONE 'UTC' AS date)) < ?)
       AS escalated,
       count(*) OVER () AS total,
       sum(c.arr) OVER () AS arr_total
FROM latest l
JOIN customers c ON c.id = l.customer_id
WHERE l.band = 'red' OR (l.band = 'yellow' AND l.trend = 'declining')
ORDER BY c.arr DESC, c.id
LIMIT ?
