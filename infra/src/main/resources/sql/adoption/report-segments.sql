SELECT cu.segment, d.feature_id, count(DISTINCT d.customer_id) AS tracked,
       count(DISTINCT d.customer_id) FILTER (WHERE d.is_stalled) AS stalled
FROM feature_adoption_daily d JOIN customers cu ON cu.id = d.customer_id
WHERE d.metric_date BETWEEN ? AND ?
GROUP BY cu.segment, d.feature_id
ORDER BY stalled DESC, cu.segment, d.feature_id
