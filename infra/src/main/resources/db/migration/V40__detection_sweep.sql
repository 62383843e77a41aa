-- Days whose rollups are due: usage events for (customer, day) were stored after (or before any)
-- rollup counted them. A day's events feed that day's rollup and, through wau and mau, the 29 days
-- after it. Filled at ingestion; the rollup of a day deletes its row first (in the same transaction),
-- or moves it to the day after the rolled-up range when rollups exist beyond that range.
CREATE TABLE usage_dirty_days (
  day         date NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (day, customer_id)
);

-- One customer's (or one page of customers') rollups without reading every customer's rows of the
-- window: single-customer sweeps, trigger tests and the sweep's pages by customer id.
CREATE INDEX usage_metrics_customer_day_idx ON usage_metrics (customer_id, metric_date);
CREATE INDEX feature_usage_metrics_customer_day_idx ON feature_usage_metrics (customer_id, metric_date);

-- A scheduled sweep's alerts between detection (in pages) and dispatch (in batches), so that the
-- workflow's history carries cursors and counts, never alerts; and what dispatch did with each.
CREATE TABLE sweep_alerts (
  sweep_id      text NOT NULL,
  customer_id   text NOT NULL,
  as_of         date NOT NULL,
  alert         jsonb NOT NULL,
  outcome       text CHECK (outcome IN ('started', 'suppressed')),
  workflow_id   text,
  run_id        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  PRIMARY KEY (sweep_id, customer_id)
);
CREATE INDEX sweep_alerts_created_idx ON sweep_alerts (created_at);
