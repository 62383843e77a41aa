INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source,
  expected_adoption_days)
SELECT ?, feature_id, feature_name, ?, 'explicit', expected_adoption_days FROM feature_catalog WHERE feature_id = ?
ON CONFLICT (customer_id, feature_id) DO UPDATE SET
  activation_source = CASE WHEN feature_adoption.activated_at IS NULL OR EXCLUDED.activated_at < feature_adoption.activated_at
    THEN 'explicit' ELSE feature_adoption.activation_source END,
  activated_at = LEAST(feature_adoption.activated_at, EXCLUDED.activated_at), updated_at = now()
RETURNING id::text
