WITH m AS (
  UPDATE adoption_interventions i SET score_after = fa.usage_score, stage_after = fa.stage, measured_at = ?
  FROM feature_adoption fa
  WHERE fa.id = i.adoption_id AND i.workflow_id = ? AND i.score_after IS NULL
  RETURNING i.adoption_id, i.score_after)
UPDATE feature_adoption fa SET adoption_after_intervention = m.score_after FROM m WHERE fa.id = m.adoption_id
