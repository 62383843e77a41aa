-- Growth inputs of a page of customers as of day d, over the 90 days d-89 .. d (docs/health.md,
-- "Growth"): seats and ARR on d against d-89 (from customer_account_history), average DAU of the
-- last week against the first week of the 90 days, expansion signals in the 90 days.
WITH params AS (SELECT CAST(? AS date) AS d),
page AS (
  SELECT c.id FROM customers c WHERE true /*scope*/
),
u AS (
  SELECT um.customer_id,
         avg(um.dau) FILTER (WHERE um.metric_date > p.d - 7) AS dau_now,
         avg(um.dau) FILTER (WHERE um.metric_date <= p.d - 83) AS dau_then
  FROM params p
  JOIN usage_metrics um ON um.metric_date BETWEEN p.d - 89 AND p.d
    AND (um.metric_date > p.d - 7 OR um.metric_date <= p.d - 83) /*days um.metric_date 0-6,83-89*/ /*page um.customer_id*/
  GROUP BY um.customer_id
),
x AS (
  SELECT rs.customer_id, count(*) AS expansions
  FROM params p JOIN page ON true
  JOIN risk_signals rs ON rs.customer_id = page.id AND rs.type = 'expansion_opportunity'
  WHERE CAST(rs.created_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 89 AND p.d
  GROUP BY rs.customer_id
)
SELECT page.id AS customer_id, now_.seats AS seats_now, then_.seats AS seats_then, now_.arr AS arr_now,
       then_.arr AS arr_then, u.dau_now, u.dau_then, coalesce(x.expansions, 0) AS expansions
FROM params p CROSS JOIN page
LEFT JOIN LATERAL (
  SELECT h.seats, h.arr FROM customer_account_history h
  WHERE h.customer_id = page.id AND h.effective_on <= p.d ORDER BY h.effective_on DESC LIMIT 1) now_ ON true
LEFT JOIN LATERAL (
  SELECT h.seats, h.arr FROM customer_account_history h
  WHERE h.customer_id = page.id AND h.effective_on <= p.d - 89 ORDER BY h.effective_on DESC LIMIT 1) then_ ON true
LEFT JOIN u ON u.customer_id = page.id
LEFT JOIN x ON x.customer_id = page.id
