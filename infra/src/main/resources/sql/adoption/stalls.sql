SELECT d.customer_id, cu.name, cu.csm_id, cu.segment, cu.arr, fa.id::text AS adoption_id, d.feature_id,
       c.feature_name, c.importance_score, c.expected_adoption_days, d.usage_score, d.stage, d.stage_since,
       d.days_since_activation, d.stall_reason, d.stalled_since, fa.last_alerted_at, fa.intervention_sent_at,
       fa.intervention_type
FROM feature_adoption_daily d
JOIN feature_adoption fa ON fa.customer_id = d.customer_id AND fa.feature_id = d.feature_id
JOIN feature_catalog c ON c.feature_id = d.feature_id
JOIN customers cu ON cu.id = d.customer_id
WHERE d.metric_date = ? AND d.is_stalled AND (CAST(? AS text) IS NULL OR d.customer_id = ?)
ORDER BY d.customer_id, c.importance_score DESC, d.usage_score, d.feature_id
