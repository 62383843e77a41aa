-- Churn-prediction features (docs/churn.md): one row per customer in the population of the as-of day
-- D (started on or before D, not churned on or before D), from rows dated on or before D only.
-- "Dated" is the row's business date: a rollup's metric_date, a ticket's opened_at, an answer's
-- responded_at, an event's at, an incident's start; the cutoff is the end of D in UTC. A feature
-- without data is null (NaN to the model), never a guess. The parameter is D, bound once.
WITH p AS (
  SELECT d, (d + 1)::timestamp AT TIME ZONE 'UTC' AS cutoff
  FROM (SELECT CAST(? AS date) AS d) x
),
population AS (
  SELECT c.id AS customer_id, c.segment, c.renewal_date, coalesce(c.start_date, c.created_at::date) AS started
  FROM customers c, p
  WHERE coalesce(c.start_date, c.created_at::date) <= p.d
    AND NOT EXISTS (SELECT 1 FROM customer_events e
                    WHERE e.customer_id = c.id AND e.type = 'churned' AND e.at < p.cutoff)
),
usage AS (
  SELECT u.customer_id,
    avg(u.dau) FILTER (WHERE u.metric_date > p.d - 28) AS dau_4w,
    avg(u.dau) FILTER (WHERE u.metric_date > p.d - 56) AS dau_8w,
    avg(u.dau) AS dau_12w,
    regr_slope(u.dau, u.metric_date - p.d) FILTER (WHERE u.metric_date > p.d - 28) AS slope_4w,
    regr_slope(u.dau, u.metric_date - p.d) FILTER (WHERE u.metric_date > p.d - 56) AS slope_8w,
    regr_slope(u.dau, u.metric_date - p.d) AS slope_12w,
    avg(u.events) FILTER (WHERE u.metric_date > p.d - 28) AS events_4w,
    sum(u.logins) FILTER (WHERE u.metric_date > p.d - 28) AS logins_4w,
    sum(u.logins) FILTER (WHERE u.metric_date > p.d - 56 AND u.metric_date <= p.d - 28) AS logins_prev_4w,
    max(u.metric_date) FILTER (WHERE u.dau > 0) AS last_active
  FROM usage_metrics u, p
  WHERE u.metric_date > p.d - 84 AND u.metric_date <= p.d
  GROUP BY u.customer_id
),
-- the newest rollup on or before D carries the 30-day distinct users (mau); 28 days before it, the
-- one the previous four weeks' logins are divided by
latest_mau AS (
  SELECT DISTINCT ON (u.customer_id) u.customer_id, u.mau
  FROM usage_metrics u, p
  WHERE u.metric_date > p.d - 28 AND u.metric_date <= p.d
  ORDER BY u.customer_id, u.metric_date DESC
),
earlier_mau AS (
  SELECT DISTINCT ON (u.customer_id) u.customer_id, u.mau
  FROM usage_metrics u, p
  WHERE u.metric_date > p.d - 56 AND u.metric_date <= p.d - 28
  ORDER BY u.customer_id, u.metric_date DESC
),
breadth AS (
  SELECT f.customer_id, count(DISTINCT f.feature_id) AS features_30d
  FROM feature_usage_metrics f, p
  WHERE f.metric_date > p.d - 30 AND f.metric_date <= p.d AND f.uses > 0
  GROUP BY f.customer_id
),
stages AS (
  SELECT a.customer_id,
    count(*) FILTER (WHERE a.stage = 'adopted') AS adopted,
    count(*) FILTER (WHERE a.stage = 'engaged') AS engaged,
    count(*) FILTER (WHERE a.stage = 'started') AS started,
    count(*) FILTER (WHERE a.stage = 'churned') AS dropped
  FROM feature_adoption_daily a
  JOIN (SELECT fa.customer_id, max(fa.metric_date) AS day
        FROM feature_adoption_daily fa, p
        WHERE fa.metric_date > p.d - 14 AND fa.metric_date <= p.d
        GROUP BY fa.customer_id) newest
    ON newest.customer_id = a.customer_id AND newest.day = a.metric_date
  GROUP BY a.customer_id
),
health AS (
  SELECT DISTINCT ON (h.customer_id) h.customer_id, h.score, h.engagement, h.sentiment, h.growth
  FROM customer_health h, p
  WHERE h.as_of > p.d - 14 AND h.as_of <= p.d
  ORDER BY h.customer_id, h.as_of DESC
),
-- a ticket's category as it stood at the end of D: the newest correction made by then, else the
-- predicted one (a correction made later must not reach back)
ticket_days AS (
  SELECT t.customer_id, t.opened_at,
    coalesce((SELECT k.to_category FROM ticket_category_corrections k
              WHERE k.ticket_id = t.id AND k.corrected_at < p.cutoff ORDER BY k.id DESC LIMIT 1),
             t.predicted_category) AS category
  FROM support_tickets t, p
  WHERE t.opened_at >= p.cutoff - interval '90 days' AND t.opened_at < p.cutoff
),
tickets AS (
  SELECT t.customer_id,
    count(*) FILTER (WHERE t.opened_at >= p.cutoff - interval '30 days') AS tickets_30d,
    count(*) AS tickets_90d,
    count(*) FILTER (WHERE t.category = 'bug_report') AS bug_report,
    count(*) FILTER (WHERE t.category = 'feature_request') AS feature_request,
    count(*) FILTER (WHERE t.category = 'documentation_gap') AS documentation_gap,
    count(*) FILTER (WHERE t.category = 'usability_issue') AS usability_issue,
    count(*) FILTER (WHERE t.category = 'performance_issue') AS performance_issue,
    count(*) FILTER (WHERE t.category = 'integration_question') AS integration_question,
    count(*) FILTER (WHERE t.category = 'how_to_question') AS how_to_question
  FROM ticket_days t, p
  GROUP BY t.customer_id
),
nps AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id, s.score, s.responded_at
  FROM survey_responses s, p
  WHERE s.type = 'nps' AND s.responded_at < p.cutoff
  ORDER BY s.customer_id, s.responded_at DESC, s.id
),
csat AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id, s.score
  FROM survey_responses s, p
  WHERE s.type = 'csat' AND s.responded_at < p.cutoff
  ORDER BY s.customer_id, s.responded_at DESC, s.id
),
incidents AS (
  SELECT i.customer_id, count(*) AS incidents_30d, count(*) FILTER (WHERE i.impact_level = 'high') AS high_30d
  FROM incident_customer_impact i
  JOIN product_incidents pi ON pi.id = i.incident_id, p
  WHERE coalesce(pi.started_at, pi.created_at) >= p.cutoff - interval '30 days'
    AND coalesce(pi.started_at, pi.created_at) < p.cutoff
  GROUP BY i.customer_id
),
account AS (
  SELECT DISTINCT ON (h.customer_id) h.customer_id, h.arr, h.seats
  FROM customer_account_history h, p
  WHERE h.effective_on <= p.d
  ORDER BY h.customer_id, h.effective_on DESC
),
account_90d AS (
  SELECT DISTINCT ON (h.customer_id) h.customer_id, h.arr
  FROM customer_account_history h, p
  WHERE h.effective_on <= p.d - 90
  ORDER BY h.customer_id, h.effective_on DESC
),
-- the contract's next anniversary on or after D, from the month and day of renewal_date: rolling
-- renewal_date on by a year at a later renewal leaves it unchanged
renewal AS (
  SELECT x.customer_id,
    CASE WHEN x.this_year >= p.d THEN x.this_year ELSE (x.this_year + interval '1 year')::date END AS next_renewal
  FROM (SELECT po.customer_id,
          (po.renewal_date + make_interval(years => extract(year FROM p.d)::int - extract(year FROM po.renewal_date)::int))::date
            AS this_year
        FROM population po, p WHERE po.renewal_date IS NOT NULL) x, p
)
SELECT po.customer_id,
  u.dau_4w AS dau_avg_4w,
  u.dau_8w AS dau_avg_8w,
  u.dau_12w AS dau_avg_12w,
  7 * u.slope_4w / nullif(u.dau_4w, 0) AS dau_slope_4w,
  7 * u.slope_8w / nullif(u.dau_8w, 0) AS dau_slope_8w,
  7 * u.slope_12w / nullif(u.dau_12w, 0) AS dau_slope_12w,
  u.events_4w AS events_avg_4w,
  u.logins_4w::float8 / nullif(lm.mau, 0) AS logins_per_user_4w,
  (u.logins_4w::float8 / nullif(lm.mau, 0)) / nullif(u.logins_prev_4w::float8 / nullif(em.mau, 0), 0) - 1
    AS logins_per_user_change_4w,
  p.d - u.last_active AS days_since_active,
  lm.mau AS active_users_30d,
  a.seats AS seats,
  lm.mau::float8 / nullif(a.seats, 0) AS seat_utilization,
  coalesce(b.features_30d, CASE WHEN u.customer_id IS NOT NULL THEN 0 END) AS features_used_30d,
  st.adopted AS features_adopted,
  st.engaged AS features_engaged,
  st.started AS features_started,
  st.dropped AS features_dropped,
  h.score AS health_score,
  h.engagement AS health_engagement,
  h.sentiment AS health_sentiment,
  h.growth AS health_growth,
  coalesce(t.tickets_30d, 0) AS tickets_30d,
  coalesce(t.tickets_90d, 0) AS tickets_90d,
  coalesce(t.bug_report, 0) AS tickets_90d_bug_report,
  coalesce(t.feature_request, 0) AS tickets_90d_feature_request,
  coalesce(t.documentation_gap, 0) AS tickets_90d_documentation_gap,
  coalesce(t.usability_issue, 0) AS tickets_90d_usability_issue,
  coalesce(t.performance_issue, 0) AS tickets_90d_performance_issue,
  coalesce(t.integration_question, 0) AS tickets_90d_integration_question,
  coalesce(t.how_to_question, 0) AS tickets_90d_how_to_question,
  n.score AS nps_latest,
  p.d - (n.responded_at AT TIME ZONE 'UTC')::date AS nps_age_days,
  cs.score AS csat_latest,
  coalesce(i.incidents_30d, 0) AS incidents_30d,
  coalesce(i.high_30d, 0) AS incidents_high_30d,
  p.d - po.started AS tenure_days,
  r.next_renewal - p.d AS days_to_renewal,
  a.arr AS arr,
  a.arr / nullif(a90.arr, 0) - 1 AS arr_change_90d,
  (po.segment = 'enterprise')::int AS segment_enterprise,
  (po.segment = 'mid-market')::int AS segment_mid_market,
  (po.segment = 'smb')::int AS segment_smb
FROM population po
CROSS JOIN p
LEFT JOIN usage u ON u.customer_id = po.customer_id
LEFT JOIN latest_mau lm ON lm.customer_id = po.customer_id
LEFT JOIN earlier_mau em ON em.customer_id = po.customer_id
LEFT JOIN breadth b ON b.customer_id = po.customer_id
LEFT JOIN stages st ON st.customer_id = po.customer_id
LEFT JOIN health h ON h.customer_id = po.customer_id
LEFT JOIN tickets t ON t.customer_id = po.customer_id
LEFT JOIN nps n ON n.customer_id = po.customer_id
LEFT JOIN csat cs ON cs.customer_id = po.customer_id
LEFT JOIN incidents i ON i.customer_id = po.customer_id
LEFT JOIN account a ON a.customer_id = po.customer_id
LEFT JOIN account_90d a90 ON a90.customer_id = po.customer_id
LEFT JOIN renewal r ON r.customer_id = po.customer_id
ORDER BY po.customer_id
