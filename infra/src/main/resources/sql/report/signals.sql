-- The week's risk signals of one type, the newest per customer, largest ARR first. The reason is
-- the signal's own words (metadata reason, else summary); total and arr_total count every customer.
-- A signal belongs to the week of its data day (metadata asOf: the day of the data it was found on),
-- not of the moment it was written: Monday's sweep finds Sunday's red day, a backfill finds last
-- week's; a signal without asOf has its UTC creation day.
WITH newest AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id, s.severity, s.created_at,
         coalesce(s.metadata ->> 'reason', s.metadata ->> 'summary') AS reason
  FROM risk_signals s
  WHERE s.type = ?
    AND coalesce(CAST(s.metadata ->> 'asOf' AS date), CAST(s.created_at AT TIME ZONE 'UTC' AS date)) >= ?
    AND coalesce(CAST(s.metadata ->> 'asOf' AS date), CAST(s.created_at AT TIME ZONE 'UTC' AS date)) < ?
  ORDER BY s.customer_id, coalesce(CAST(s.metadata ->> 'asOf' AS date), CAST(s.created_at AT TIME ZONE 'UTC' AS date)) DESC,
           s.created_at DESC, s.id DESC
)
SELECT c.id, c.name, c.arr, c.csm_id, n.severity, n.created_at, n.reason,
       count(*) OVER () AS total,
       sum(c.arr) OVER () AS arr_total
FROM newest n
JOIN customers c ON c.id = n.customer_id
ORDER BY c.arr DESC, c.id
LIMIT ?
