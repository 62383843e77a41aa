-- Account events a CRM, billing system or person reports (issue 9): downgrade and cancellation requests
-- start the churn-risk escalation; churned and renewal are the labels of churn prediction (issue 13),
-- so each is kept once per customer, type and moment, exactly as reported.
CREATE TABLE customer_events (
  id          bigserial PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  type        text NOT NULL CHECK (type IN ('downgrade_request', 'cancellation_request', 'renewal', 'churned', 'expansion')),
  at          timestamptz NOT NULL,
  note        text,
  recorded_by text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- the idempotency of POST /api/customers/{id}/events: the same event reported again is the stored one
  UNIQUE (customer_id, type, at)
);
CREATE INDEX customer_events_customer_at_idx ON customer_events (customer_id, at DESC, id DESC);
CREATE INDEX customer_events_type_at_idx ON customer_events (type, at);
