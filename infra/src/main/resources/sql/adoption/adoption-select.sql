SELECT fa.id::text AS id, fa.customer_id, fa.feature_id, fa.feature_name, c.importance_score, fa.activated_at,
       fa.activation_source, fa.last_used_at, fa.usage_count, fa.feature_users, fa.active_users, fa.usage_score,
       fa.stage, fa.stage_since, fa.adopted_on, fa.expected_adoption_days, fa.is_stalled, fa.stall_reason,
       fa.stall_detected_at, fa.recovered_at, fa.last_alerted_at, fa.intervention_sent_at, fa.intervention_type,
       fa.adoption_after_intervention, fa.evaluated_on, cu.arr
FROM feature_adoption fa
JOIN feature_catalog c ON c.feature_id = fa.feature_id
JOIN customers cu ON cu.id = fa.customer_id
