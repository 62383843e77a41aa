-- The playbooks' effects on engagement as of day d: usage drops alerted in the 30 days to d (by the
-- alert's day) and features whose stalled adoption recovered in those days.
WITH params AS (SELECT CAST(? AS date) AS d),
page AS (
  SELECT c.id FROM customers c WHERE true /*scope*/
),
drops AS (
  SELECT rs.customer_id, count(*) AS drops,
         max(CASE rs.severity WHEN 'critical' THEN 3 WHEN 'high' THEN 2 ELSE 1 END) AS worst,
         max(coalesce(CAST(rs.metadata ->> 'asOf' AS date), CAST(rs.created_at AT TIME ZONE 'UTC' AS date))) AS latest
  FROM params p JOIN page ON true
  JOIN risk_signals rs ON rs.customer_id = page.id AND rs.type = 'usage_anomaly'
  WHERE coalesce(CAST(rs.metadata ->> 'asOf' AS date), CAST(rs.created_at AT TIME ZONE 'UTC' AS date))
        BETWEEN p.d - 29 AND p.d
  GROUP BY rs.customer_id
),
recoveries AS (
  SELECT fa.customer_id, count(*) AS recovered
  FROM params p JOIN page ON true
  JOIN feature_adoption fa ON fa.customer_id = page.id
  WHERE CAST(fa.recovered_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 29 AND p.d
  GROUP BY fa.customer_id
)
SELECT page.id AS customer_id, coalesce(drops.drops, 0) AS drops, drops.worst, drops.latest,
       coalesce(recoveries.recovered, 0) AS recovered
FROM page
LEFT JOIN drops ON drops.customer_id = page.id
LEFT JOIN recoveries ON recoveries.customer_id = page.id
WHERE drops.customer_id IS NOT NULL OR recoveries.customer_id IS NOT NULL
