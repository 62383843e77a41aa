-- Issue 11: an alert (risk signal) has a lifecycle. open -> acknowledged -> resolved (with an outcome)
-- or dismissed (a false positive, with a reason); open -> resolved | dismissed directly. resolved and
-- dismissed are final. acknowledged_at is the first action on the alert (a direct resolve or dismiss
-- sets it too): time to first action = acknowledged_at - created_at.
ALTER TABLE risk_signals
  ADD COLUMN status          text NOT NULL DEFAULT 'open'
                             CHECK (status IN ('open', 'acknowledged', 'resolved', 'dismissed')),
  ADD COLUMN owner_id        text,
  ADD COLUMN acknowledged_at timestamptz,
  ADD COLUMN closed_at       timestamptz,
  ADD COLUMN closed_by       text,
  ADD COLUMN outcome         text,
  ADD COLUMN dismiss_reason  text;

-- the open alerts of a customer (My day, the customer page) without reading its closed history
CREATE INDEX risk_signals_open_idx ON risk_signals (customer_id, created_at) WHERE status IN ('open', 'acknowledged');

ALTER TABLE tasks
  ADD COLUMN completed_at timestamptz,
  ADD COLUMN completed_by text;
