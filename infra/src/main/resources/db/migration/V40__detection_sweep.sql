-- Days whose rollups are due: usage events for (customer, day) were stored after (or before any)
-- rollup counted them. A day's events feed that day's rollup and, through wau and mau, the 29 days
-- after it. Filled at ingestion; the rollup of a day deletes its row first (in the same transaction),
-- or moves it to the day after the rolled-up range when rollups exist beyond that range.
CREATE TABLE usage_dirty_days (
  day         date NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (day, customer_id)
);

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
