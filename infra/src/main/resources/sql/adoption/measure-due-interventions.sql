WITH m AS (
  UPDATE adoption_interventions i SET score_after = d.usage_score, stage_after = d.stage,
    measured_at = d.metric_date::timestamp AT TIME ZONE 'UTC'
  FROM feature_adoption_daily d
  WHERE d.metric_date = CAST(? AS date) AND d.customer_id = i.customer_id AND d.feature_id = i.feature_id
    AND i.score_after IS NULL AND i.sent_at < ((d.metric_date - (${followUpDays} - 1))::timestamp AT TIME ZONE 'UTC')
    AND (CAST(? AS text) IS NULL OR i.customer_id = ?)
  RETURNING i.adoption_id, i.score_after)
UPDATE feature_adoption fa SET adoption_after_intervention = m.score_after FROM m WHERE fa.id = m.adoption_id
