-- The week's risk signals of one type, the newest per customer, largest ARR first. The reason is
-- the signal's own words (metadata reason, else summary); total and arr_total count every customer.
WITH newest AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id, s.severity, s.created_at,
         coalesce(s.metadata ->> 'reason', s.metadata ->> 'summary') AS reason
  FROM risk_signals s
  WHERE s.type = ? AND s.created_at >= ? AND s.created_at < ?
  ORDER BY s.customer_id, s.created_at DESC, s.id DESC
)
SELECT c.id, c.name, c.arr, c.csm_id, n.severity, n.created_at, n.reason,
       count(*) OVER () AS total,
       sum(c.arr) OVER () AS arr_total
FROM newest n
JOIN customers c ON c.id = n.customer_id
ORDER BY c.arr DESC, c.id
LIMIT ?
