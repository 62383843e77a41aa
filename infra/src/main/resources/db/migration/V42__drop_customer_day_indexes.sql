-- Pages and single-customer sweeps now probe the rollups' (day, customer) primary key day by day
-- (UsageStore.days), so these second indexes only cost ingestion and roll-up writes.
DROP INDEX IF EXISTS usage_metrics_customer_day_idx;
DROP INDEX IF EXISTS feature_usage_metrics_customer_day_idx;
