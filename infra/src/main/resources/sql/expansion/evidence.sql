-- Expansion evidence of a list of customers as of day d (docs/health.md, "Expansion opportunities"),
-- one statement for a page. Parameters: d, the seat window in days, the seat share in percent, the
-- recent growth window's first day (days before d) and the baseline window's first and last day
-- (days before d), the customer ids; then the days of each window (the seat window's, the growth windows'):
-- the rollups' (day, customer) key is probed day by day over the ids' range, as the health sources do.
-- Seats on a day: the newest account-history row with seats up to that day, else customers.seats.
-- Active users on a day: its MAU (distinct users over the 30 days to that day), as the health score's
-- activeUsersPerSeat. A day without a rollup is not a full-seat day.
WITH params AS (
  SELECT CAST(? AS date) AS d, CAST(? AS integer) AS seat_days, CAST(? AS integer) AS seat_percent,
         CAST(? AS integer) AS recent_from, CAST(? AS integer) AS baseline_from, CAST(? AS integer) AS baseline_to
),
ids AS (SELECT DISTINCT unnest(CAST(? AS text[])) AS id),
seated AS (
  SELECT um.customer_id, um.metric_date, um.mau, coalesce(h.seats, c.seats) AS seats
  FROM params p
  JOIN usage_metrics um ON um.metric_date BETWEEN p.d - (p.seat_days - 1) AND p.d
    AND um.metric_date = ANY(CAST(? AS date[])) AND um.customer_id BETWEEN (SELECT min(id) FROM ids) AND (SELECT max(id) FROM ids)
  JOIN ids ON ids.id = um.customer_id
  JOIN customers c ON c.id = um.customer_id
  LEFT JOIN LATERAL (
    SELECT ah.seats FROM customer_account_history ah
    WHERE ah.customer_id = um.customer_id AND ah.effective_on <= um.metric_date AND ah.seats IS NOT NULL
    ORDER BY ah.effective_on DESC LIMIT 1) h ON true
),
seats AS (
  SELECT s.customer_id,
         count(*) FILTER (WHERE s.seats > 0 AND s.mau * 100 >= s.seats * p.seat_percent) AS full_days,
         min(s.mau::numeric / s.seats) FILTER (WHERE s.seats > 0) AS lowest_share,
         max(s.mau) FILTER (WHERE s.metric_date = p.d) AS mau_on_d,
         max(s.seats) FILTER (WHERE s.metric_date = p.d) AS seats_on_d
  FROM seated s CROSS JOIN params p
  GROUP BY s.customer_id
),
growth AS (
  SELECT um.customer_id,
         avg(um.dau) FILTER (WHERE um.metric_date >= p.d - p.recent_from) AS dau_now,
         avg(um.dau) FILTER (WHERE um.metric_date <= p.d - p.baseline_to) AS dau_then,
         count(*) FILTER (WHERE um.metric_date >= p.d - p.recent_from) AS days_now,
         count(*) FILTER (WHERE um.metric_date <= p.d - p.baseline_to) AS days_then
  FROM params p
  JOIN usage_metrics um ON um.metric_date BETWEEN p.d - p.baseline_from AND p.d
    AND (um.metric_date >= p.d - p.recent_from OR um.metric_date <= p.d - p.baseline_to)
    AND um.metric_date = ANY(CAST(? AS date[])) AND um.customer_id BETWEEN (SELECT min(id) FROM ids) AND (SELECT max(id) FROM ids)
  JOIN ids ON ids.id = um.customer_id
  GROUP BY um.customer_id
)
SELECT ids.id AS customer_id, coalesce(s.full_days, 0) AS full_days, s.lowest_share, s.mau_on_d, s.seats_on_d,
       g.dau_now, g.dau_then, coalesce(g.days_now, 0) AS days_now, coalesce(g.days_then, 0) AS days_then
FROM ids
LEFT JOIN seats s ON s.customer_id = ids.id
LEFT JOIN growth g ON g.customer_id = ids.id
