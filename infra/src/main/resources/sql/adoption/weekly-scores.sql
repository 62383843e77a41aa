SELECT feature_id, metric_date, usage_score, stage FROM feature_adoption_daily
WHERE customer_id = ? AND metric_date <= ? AND metric_date > CAST(? AS date) - 7 * ?
  AND (CAST(? AS date) - metric_date) % 7 = 0
ORDER BY feature_id, metric_date
