-- Customers in their first ${onboardingDays} days on as_of (start_date <= as_of < start_date + days),
-- of the given CSMs (NULL: all), each with what onboarding looks at, in one pass: key features
-- (importance_score >= ${keyImportance}) activated and the first activation, the first login and the
-- newest activity since the start, tickets opened since the start, and the key features not yet
-- activated, most important first.
WITH p AS (
  SELECT CAST(? AS date) AS as_of, CAST(? AS text[]) AS csm_ids
), key_features AS (
  SELECT feature_id, feature_name, importance_score FROM feature_catalog WHERE importance_score >= ${keyImportance}
), onboarding AS (
  SELECT c.id, c.name, c.csm_id, c.start_date, p.as_of - c.start_date AS days_in
  FROM customers c CROSS JOIN p
  WHERE c.start_date IS NOT NULL AND c.start_date <= p.as_of AND c.start_date > p.as_of - ${onboardingDays}
    AND (p.csm_ids IS NULL OR c.csm_id = ANY (p.csm_ids))
), activation AS (
  SELECT o.id,
         count(*) FILTER (WHERE a.activated_at IS NOT NULL) AS activated,
         min(a.activated_at) AS first_value_at,
         array_agg(k.feature_id ORDER BY k.importance_score DESC, k.feature_id)
           FILTER (WHERE a.activated_at IS NULL) AS not_activated
  FROM onboarding o
  CROSS JOIN key_features k
  LEFT JOIN feature_adoption a ON a.customer_id = o.id AND a.feature_id = k.feature_id
  GROUP BY o.id
), activity AS (
  SELECT o.id,
         min(e.occurred_at) FILTER (WHERE e.event_type = 'login') AS first_login_at,
         max(e.occurred_at) AS last_activity_at
  FROM onboarding o
  JOIN usage_events e ON e.customer_id = o.id AND e.occurred_at >= o.start_date
  GROUP BY o.id
), tickets AS (
  SELECT o.id, count(*) AS tickets
  FROM onboarding o
  JOIN support_tickets t ON t.customer_id = o.id AND t.opened_at >= o.start_date
  GROUP BY o.id
)
SELECT o.id, o.name, o.csm_id, o.start_date, o.days_in,
       coalesce(a.activated, 0) AS activated,
       (SELECT count(*) FROM key_features) AS key_features,
       a.first_value_at, coalesce(a.not_activated, '{}') AS not_activated,
       v.first_login_at, v.last_activity_at,
       coalesce(t.tickets, 0) AS tickets
FROM onboarding o
LEFT JOIN activation a ON a.id = o.id
LEFT JOIN activity v ON v.id = o.id
LEFT JOIN tickets t ON t.id = o.id
ORDER BY o.start_date, o.id
