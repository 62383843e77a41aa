INSERT INTO adoption_interventions (idempotency_key, adoption_id, customer_id, feature_id, intervention_type,
  details, resources_shared, workflow_id, stage_before, score_before, sent_at)
SELECT ?, id, customer_id, feature_id, ?, ?, CAST(? AS jsonb), ?, stage, usage_score, ?
FROM feature_adoption WHERE id = CAST(? AS uuid)
ON CONFLICT (idempotency_key) DO NOTHING
