UPDATE feature_adoption SET intervention_sent_at = ?, intervention_type = ?, updated_at = now()
WHERE id = CAST(? AS uuid) AND (intervention_sent_at IS NULL OR intervention_sent_at <= ?)
