SELECT id, adoption_id::text AS adoption_id, customer_id, feature_id, intervention_type, details,
       resources_shared::text AS resources_shared, workflow_id, stage_before, score_before, sent_at, score_after,
       stage_after, measured_at
FROM adoption_interventions
