-- Engagement inputs of a page of customers as of day d (docs/health.md, "Engagement"): this week
-- (d-6 .. d) against the four weeks before it (d-34 .. d-7). The markers become the page's conditions
-- (HealthStatements): the rollups are read for the page's ids only, day by day.
WITH params AS (SELECT CAST(? AS date) AS d),
page AS (
  SELECT c.id, c.seats, c.segment FROM customers c WHERE true /*scope*/
),
m AS (
  SELECT um.customer_id,
         max(um.wau) FILTER (WHERE um.metric_date = p.d) AS wau_now,
         max(um.mau) FILTER (WHERE um.metric_date = p.d) AS mau_now,
         max(um.login_wau) FILTER (WHERE um.metric_date = p.d) AS login_wau_now,
         sum(um.logins) FILTER (WHERE um.metric_date > p.d - 7) AS logins_week,
         avg(um.wau) FILTER (WHERE um.metric_date <= p.d - 7) AS wau_base,
         sum(um.logins) FILTER (WHERE um.metric_date <= p.d - 7) AS logins_base,
         avg(um.login_wau) FILTER (WHERE um.metric_date <= p.d - 7) AS login_wau_base
  FROM params p
  JOIN usage_metrics um ON um.metric_date BETWEEN p.d - 34 AND p.d /*days um.metric_date 0-34*/ /*page um.customer_id*/
  GROUP BY um.customer_id
),
f AS (
  SELECT fm.customer_id, count(DISTINCT fm.feature_id) AS breadth
  FROM params p
  JOIN feature_usage_metrics fm ON fm.metric_date BETWEEN p.d - 6 AND p.d /*days fm.metric_date 0-6*/ /*page fm.customer_id*/
    AND fm.uses > 0
  GROUP BY fm.customer_id
)
SELECT page.id AS customer_id, page.seats, page.segment, m.wau_now, m.mau_now, m.login_wau_now, m.logins_week, m.wau_base,
       m.logins_base, m.login_wau_base, coalesce(f.breadth, 0) AS breadth
FROM m JOIN page ON page.id = m.customer_id
LEFT JOIN f ON f.customer_id = m.customer_id
