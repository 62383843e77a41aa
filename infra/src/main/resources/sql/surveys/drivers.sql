-- Satisfaction drivers (docs/insights.md, "Satisfaction drivers"): for each feature, Spearman's rank
-- correlation across customers between the feature's use and the customer's average score.
--   population: customers in scope (segment, CSMs) with at least one answer of the measure in
--     [from_at, to_at) and at least one active user on the UTC days [from_day, to_day);
--   use: the share of the customer's active user-days on which the feature was used,
--     sum of the feature's daily users / sum of daily active users, from the daily rollups;
--     a customer of the population who never used the feature has use 0;
--   features: those used by at least one customer of the population on those days.
-- Spearman's coefficient is Pearson's (PostgreSQL's corr) over ranks, tied values sharing the
-- average of their ranks: rank() is the lowest rank of a tie, plus (ties - 1) / 2 makes it the average.
-- corr is NULL when either side does not vary; the constant flags say which.
WITH p AS (
  SELECT CAST(? AS timestamptz) AS from_at, CAST(? AS timestamptz) AS to_at, CAST(? AS date) AS from_day,
         CAST(? AS date) AS to_day, CAST(? AS text) AS measure, CAST(? AS text) AS segment, CAST(? AS text[]) AS csm_ids
), answers AS (
  SELECT s.customer_id, avg(s.score) AS satisfaction
  FROM survey_responses s
  JOIN customers c ON c.id = s.customer_id
  CROSS JOIN p
  WHERE s.type = p.measure
    AND s.responded_at >= p.from_at AND s.responded_at < p.to_at
    AND (p.segment IS NULL OR c.segment = p.segment)
    AND (p.csm_ids IS NULL OR c.csm_id = ANY (p.csm_ids))
  GROUP BY s.customer_id
), population AS (
  SELECT a.customer_id, a.satisfaction, sum(um.dau) AS user_days
  FROM answers a
  JOIN usage_metrics um ON um.customer_id = a.customer_id
  CROSS JOIN p
  WHERE um.metric_date >= p.from_day AND um.metric_date < p.to_day
  GROUP BY a.customer_id, a.satisfaction
  HAVING sum(um.dau) > 0
), feature_days AS (
  SELECT fm.feature_id, fm.customer_id, sum(fm.users) AS feature_user_days
  FROM feature_usage_metrics fm
  JOIN population po ON po.customer_id = fm.customer_id
  CROSS JOIN p
  WHERE fm.metric_date >= p.from_day AND fm.metric_date < p.to_day AND fm.users > 0
  GROUP BY fm.feature_id, fm.customer_id
), uses AS (
  SELECT f.feature_id, po.customer_id, po.satisfaction,
         coalesce(fd.feature_user_days, 0)::float8 / po.user_days AS use_share
  FROM (SELECT DISTINCT feature_id FROM feature_days) f
  CROSS JOIN population po
  LEFT JOIN feature_days fd ON fd.feature_id = f.feature_id AND fd.customer_id = po.customer_id
), ranked AS (
  SELECT feature_id, use_share, satisfaction,
         rank() OVER (PARTITION BY feature_id ORDER BY use_share)
           + (count(*) OVER (PARTITION BY feature_id, use_share) - 1) / 2.0 AS use_rank,
         rank() OVER (PARTITION BY feature_id ORDER BY satisfaction)
           + (count(*) OVER (PARTITION BY feature_id, satisfaction) - 1) / 2.0 AS satisfaction_rank
  FROM uses
), stats AS (
  SELECT feature_id,
         count(*) AS customers,
         count(*) FILTER (WHERE use_share > 0) AS customers_using,
         avg(use_share) AS average_use,
         corr(use_rank::float8, satisfaction_rank::float8) AS coefficient,
         min(use_share) = max(use_share) AS use_constant,
         min(satisfaction) = max(satisfaction) AS satisfaction_constant
  FROM ranked
  GROUP BY feature_id
)
SELECT (SELECT count(*) FROM population) AS population, s.feature_id, fc.feature_name, s.customers, s.customers_using,
       s.average_use, s.coefficient, s.use_constant, s.satisfaction_constant
FROM (SELECT 1) one
LEFT JOIN stats s ON true
LEFT JOIN feature_catalog fc ON fc.feature_id = s.feature_id
ORDER BY s.feature_id
