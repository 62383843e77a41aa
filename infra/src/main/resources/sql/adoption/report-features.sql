SELECT c.feature_id, c.feature_name, c.importance_score,
       count(DISTINCT d.customer_id) AS tracked,
       count(DISTINCT d.customer_id) FILTER (WHERE d.is_stalled) AS stalled,
       (SELECT count(*) FROM feature_adoption fa WHERE fa.feature_id = c.feature_id AND fa.is_stalled) AS stalled_now
FROM feature_catalog c
JOIN feature_adoption_daily d ON d.feature_id = c.feature_id AND d.metric_date BETWEEN ? AND ?
GROUP BY c.feature_id, c.feature_name, c.importance_score
ORDER BY stalled DESC, c.importance_score DESC, c.feature_id
