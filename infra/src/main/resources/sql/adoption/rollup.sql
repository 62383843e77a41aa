WITH b AS (
  SELECT CAST(? AS date) AS d, CAST(? AS text) AS cust),
bounds AS (
  SELECT d, cust, ((d - (${windowDays} - 1))::timestamp AT TIME ZONE 'UTC') AS w_start, ((d + 1)::timestamp AT TIME ZONE 'UTC') AS w_end
  FROM b),
win AS (
  SELECT e.customer_id, e.user_id, e.event_type, e.feature_id, e.occurred_at,
         (e.occurred_at AT TIME ZONE 'UTC')::date AS day
  FROM usage_events e, bounds
  WHERE e.occurred_at >= bounds.w_start AND e.occurred_at < bounds.w_end
    AND (bounds.cust IS NULL OR e.customer_id = bounds.cust)),
active AS (SELECT customer_id, count(DISTINCT user_id) AS users FROM win GROUP BY customer_id),
per_user AS (
  SELECT customer_id, feature_id, user_id, count(DISTINCT day) AS days, count(*) AS uses,
         min(occurred_at) AS first_use, max(occurred_at) AS last_use
  FROM win WHERE event_type = 'feature_used' AND feature_id IS NOT NULL
  GROUP BY customer_id, feature_id, user_id),
feat AS (
  SELECT customer_id, feature_id, count(*) AS users, sum(uses) AS uses,
         sum(least(1.0, days / ${regularUseDays}.0)) AS weighted, min(first_use) AS first_use, max(last_use) AS last_use
  FROM per_user GROUP BY customer_id, feature_id),
fresh AS (
  SELECT f.customer_id, f.feature_id FROM feat f
  LEFT JOIN feature_adoption fa ON fa.customer_id = f.customer_id AND fa.feature_id = f.feature_id
  WHERE fa.id IS NULL OR fa.evaluated_on IS NULL
  UNION
  SELECT fa.customer_id, fa.feature_id FROM feature_adoption fa, bounds
  WHERE fa.evaluated_on IS NULL AND (bounds.cust IS NULL OR fa.customer_id = bounds.cust)),
-- a pair rolled up for the first time looks back past the window once, for its first (activating) use
earlier AS (
  SELECT e.customer_id, e.feature_id, min(e.occurred_at) AS first_use, max(e.occurred_at) AS last_use
  FROM usage_events e
  JOIN fresh ON fresh.customer_id = e.customer_id AND fresh.feature_id = e.feature_id
  CROSS JOIN bounds
  WHERE e.event_type = 'feature_used' AND e.occurred_at < bounds.w_end
  GROUP BY e.customer_id, e.feature_id),
tracked AS (
  SELECT customer_id, feature_id FROM feat
  UNION
  SELECT fa.customer_id, fa.feature_id FROM feature_adoption fa, bounds
  WHERE bounds.cust IS NULL OR fa.customer_id = bounds.cust),
base AS (
  SELECT t.customer_id, t.feature_id, c.feature_name, c.expected_adoption_days, bounds.d, bounds.w_end,
         LEAST(fa.activated_at, f.first_use, ea.first_use) AS activated_at,
         CASE WHEN fa.activated_at IS NOT NULL AND (LEAST(f.first_use, ea.first_use) IS NULL
                   OR fa.activated_at <= LEAST(f.first_use, ea.first_use))
              THEN fa.activation_source ELSE 'first_use' END AS activation_source,
         GREATEST(fa.last_used_at, f.last_use, ea.last_use) AS last_used_at,
         coalesce(f.uses, 0)::int AS uses, coalesce(f.users, 0)::int AS feature_users,
         coalesce(a.users, 0)::int AS active_users,
         CASE WHEN coalesce(a.users, 0) = 0 OR f.weighted IS NULL THEN 0
              ELSE least(100, round(100.0 * f.weighted / a.users
                   / coalesce((c.segment_benchmarks ->> cu.segment)::numeric, c.target_share)))::int END AS score,
         (f.uses IS NOT NULL OR ea.last_use IS NOT NULL OR coalesce(fa.last_used_at < bounds.w_end, false)) AS used_ever,
         coalesce(h.stage, CASE WHEN fa.evaluated_on < bounds.d THEN fa.stage END) AS prev_stage,
         coalesce(h.stage_since, CASE WHEN fa.evaluated_on < bounds.d THEN fa.stage_since END) AS prev_stage_since,
         coalesce(h.adopted_on, CASE WHEN fa.evaluated_on < bounds.d THEN fa.adopted_on END) AS prev_adopted_on,
         coalesce(h.is_stalled, fa.evaluated_on < bounds.d AND fa.is_stalled, false) AS prev_stalled,
         coalesce(h.stalled_since, CASE WHEN fa.evaluated_on < bounds.d
              THEN (fa.stall_detected_at AT TIME ZONE 'UTC')::date END) AS prev_stalled_since
  FROM tracked t
  CROSS JOIN bounds
  JOIN feature_catalog c ON c.feature_id = t.feature_id
  JOIN customers cu ON cu.id = t.customer_id
  LEFT JOIN feat f ON f.customer_id = t.customer_id AND f.feature_id = t.feature_id
  LEFT JOIN active a ON a.customer_id = t.customer_id
  LEFT JOIN earlier ea ON ea.customer_id = t.customer_id AND ea.feature_id = t.feature_id
  LEFT JOIN feature_adoption fa ON fa.customer_id = t.customer_id AND fa.feature_id = t.feature_id
  LEFT JOIN feature_adoption_daily h
    ON h.metric_date = bounds.d - 1 AND h.customer_id = t.customer_id AND h.feature_id = t.feature_id),
staged AS (
  SELECT base.*,
         CASE WHEN activated_at < w_end THEN d - (activated_at AT TIME ZONE 'UTC')::date END AS days_since_activation,
         CASE WHEN score >= ${adoptedScore} THEN 'adopted'
              WHEN uses = 0 AND prev_adopted_on IS NOT NULL THEN 'churned'
              WHEN uses = 0 AND NOT used_ever THEN 'not_started'
              WHEN score < ${engagedScore} THEN 'started'
              ELSE 'engaged' END AS stage
  FROM base),
judged AS (
  SELECT staged.*,
         -- a stage is not older than the feature's activation: not_started counts from there
         CASE WHEN stage = prev_stage THEN GREATEST(prev_stage_since,
                CASE WHEN activated_at < w_end THEN (activated_at AT TIME ZONE 'UTC')::date END)
              ELSE d END AS stage_since,
         coalesce(prev_adopted_on, CASE WHEN stage = 'adopted' THEN d END) AS adopted_on,
         CASE WHEN days_since_activation IS NULL OR prev_adopted_on IS NOT NULL OR stage = 'adopted' THEN NULL
              WHEN score < ${lowUsageScore} AND days_since_activation >= ${lowUsageAfterDays} THEN 'low_usage'
              WHEN score < ${behindTimelineScore} AND days_since_activation > expected_adoption_days THEN 'behind_timeline'
         END AS stall_reason
  FROM staged),
final AS (
  SELECT judged.*, stall_reason IS NOT NULL AS is_stalled,
         CASE WHEN stall_reason IS NOT NULL THEN
           CASE WHEN prev_stalled THEN coalesce(prev_stalled_since, d) ELSE d END END AS stalled_since,
         prev_stalled AND stall_reason IS NULL AS recovered
  FROM judged),
hist AS (
  INSERT INTO feature_adoption_daily (customer_id, feature_id, metric_date, usage_score, stage, stage_since, adopted_on,
    uses, feature_users, active_users, days_since_activation, is_stalled, stall_reason, stalled_since)
  SELECT customer_id, feature_id, d, score, stage, stage_since, adopted_on, uses, feature_users, active_users,
         days_since_activation, is_stalled, stall_reason, stalled_since
  FROM final
  ON CONFLICT (metric_date, customer_id, feature_id) DO UPDATE SET usage_score = EXCLUDED.usage_score,
    stage = EXCLUDED.stage, stage_since = EXCLUDED.stage_since, adopted_on = EXCLUDED.adopted_on,
    uses = EXCLUDED.uses, feature_users = EXCLUDED.feature_users, active_users = EXCLUDED.active_users,
    days_since_activation = EXCLUDED.days_since_activation, is_stalled = EXCLUDED.is_stalled,
    stall_reason = EXCLUDED.stall_reason, stalled_since = EXCLUDED.stalled_since
  RETURNING 1),
cur AS (
  INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source, last_used_at,
    usage_count, feature_users, active_users, usage_score, stage, stage_since, adopted_on, expected_adoption_days,
    is_stalled, stall_reason, stall_detected_at, recovered_at, evaluated_on)
  SELECT customer_id, feature_id, feature_name, activated_at,
         CASE WHEN activated_at IS NULL THEN NULL ELSE activation_source END, last_used_at, uses, feature_users,
         active_users, score, stage, stage_since, adopted_on, expected_adoption_days, is_stalled, stall_reason,
         CASE WHEN is_stalled THEN stalled_since::timestamp AT TIME ZONE 'UTC' END,
         CASE WHEN recovered THEN d::timestamp AT TIME ZONE 'UTC' END, d
  FROM final
  ON CONFLICT (customer_id, feature_id) DO UPDATE SET feature_name = EXCLUDED.feature_name,
    activated_at = EXCLUDED.activated_at, activation_source = EXCLUDED.activation_source,
    last_used_at = EXCLUDED.last_used_at, usage_count = EXCLUDED.usage_count,
    feature_users = EXCLUDED.feature_users, active_users = EXCLUDED.active_users,
    usage_score = EXCLUDED.usage_score, stage = EXCLUDED.stage, stage_since = EXCLUDED.stage_since,
    adopted_on = EXCLUDED.adopted_on, expected_adoption_days = EXCLUDED.expected_adoption_days,
    is_stalled = EXCLUDED.is_stalled, stall_reason = EXCLUDED.stall_reason,
    stall_detected_at = EXCLUDED.stall_detected_at,
    recovered_at = coalesce(EXCLUDED.recovered_at, feature_adoption.recovered_at),
    evaluated_on = EXCLUDED.evaluated_on, updated_at = now()
  WHERE feature_adoption.evaluated_on IS NULL OR feature_adoption.evaluated_on <= EXCLUDED.evaluated_on
  RETURNING 1),
rec AS (
  INSERT INTO agent_activity_log (idempotency_key, customer_id, action, details)
  SELECT 'adoption/' || customer_id || '@' || d || '/recovered/' || feature_id, customer_id, 'adoption_recovered',
         jsonb_build_object('featureId', feature_id, 'featureName', feature_name, 'stage', stage,
           'usageScore', score, 'stalledSince', prev_stalled_since, 'recoveredOn', d)
  FROM final WHERE recovered
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING 1)
SELECT (SELECT count(*) FROM final), (SELECT count(*) FROM final WHERE is_stalled),
       (SELECT count(*) FROM final WHERE recovered)
