-- Each segment's medians as of day d, over every customer with that day's rollup: active users per
-- licensed seat (customers with seats) and features used this week (d-6 .. d). Segments with fewer
-- than ${minPeers} such customers get no median.
WITH params AS (SELECT CAST(? AS date) AS d),
today AS (
  SELECT c.id, c.segment, c.seats, um.mau
  FROM params p JOIN usage_metrics um ON um.metric_date = p.d JOIN customers c ON c.id = um.customer_id
),
f AS (
  SELECT fm.customer_id, count(DISTINCT fm.feature_id) AS breadth
  FROM params p JOIN feature_usage_metrics fm ON fm.metric_date BETWEEN p.d - 6 AND p.d AND fm.uses > 0
  GROUP BY fm.customer_id
)
SELECT t.segment,
       CASE WHEN count(*) FILTER (WHERE t.seats > 0) >= ${minPeers}
            THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY t.mau::float8 / t.seats) FILTER (WHERE t.seats > 0) END
         AS users_per_seat,
       CASE WHEN count(*) >= ${minPeers}
            THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(f.breadth, 0)) END AS breadth
FROM today t LEFT JOIN f ON f.customer_id = t.id
GROUP BY t.segment
