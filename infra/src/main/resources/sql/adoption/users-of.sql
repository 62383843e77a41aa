SELECT user_id, min(occurred_at) AS first_use, max(occurred_at) AS last_use, count(*) AS uses
FROM usage_events WHERE customer_id = ? AND feature_id = ? AND event_type = 'feature_used'
GROUP BY user_id ORDER BY max(occurred_at) DESC, user_id LIMIT 50
