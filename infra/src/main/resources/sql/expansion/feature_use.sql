-- Heavy use of plan features by a list of customers as of day d (docs/health.md, "Expansion
-- opportunities", rule 3), one statement for a page. Parameters: d, the window in days (d and the
-- days before it), the least users of a heavy day, the least heavy days, the customer ids.
-- A heavy day: the feature's daily rollup counts at least that many distinct users that day.
-- Only catalog features with a plan, of customers with a plan; the plans are compared by the caller
-- (their order is configuration, not data).
WITH params AS (
  SELECT CAST(? AS date) AS d, CAST(? AS integer) AS days, CAST(? AS integer) AS min_users,
         CAST(? AS integer) AS min_days
),
ids AS (SELECT DISTINCT unnest(CAST(? AS text[])) AS id)
SELECT c.id AS customer_id, c.plan AS customer_plan, f.feature_id, f.feature_name, f.plan AS feature_plan,
       count(*) AS heavy_days, max(fm.users) AS peak_users, min(fm.users) AS least_users
FROM params p
JOIN ids ON true
JOIN customers c ON c.id = ids.id AND c.plan IS NOT NULL
JOIN feature_usage_metrics fm ON fm.customer_id = c.id AND fm.metric_date BETWEEN p.d - (p.days - 1) AND p.d
  AND fm.users >= p.min_users
JOIN feature_catalog f ON f.feature_id = fm.feature_id AND f.plan IS NOT NULL
GROUP BY c.id, c.plan, f.feature_id, f.feature_name, f.plan
HAVING count(*) >= min(p.min_days)
ORDER BY c.id, f.feature_id
