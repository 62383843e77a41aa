-- Touchpoints (issue 9, "Check-in after silence"): a call, meeting, email or note a person records
-- against a customer. With the emails sent through Vigil they are the customer's contacts; a yellow
-- customer without one for 30 days gets a drafted check-in (docs/health.md, "Playbooks").
-- idempotency_key: the caller's Idempotency-Key, unique per customer, so a retried POST stores once.
CREATE TABLE touchpoints (
  id              bigserial PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  type            text NOT NULL CHECK (type IN ('call', 'meeting', 'email', 'note')),
  at              timestamptz NOT NULL,
  by_person       text NOT NULL,
  summary         text NOT NULL,
  idempotency_key text,
  recorded_by     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, idempotency_key)
);
-- the list's keyset order (newest contact first) and the last contact of a page of customers
CREATE INDEX touchpoints_customer_at_idx ON touchpoints (customer_id, at DESC, id DESC);

-- A drafted check-in that a contact made unnecessary while it waited is 'withdrawn', never sent.
ALTER TABLE approvals DROP CONSTRAINT approvals_status_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'sent', 'drafted', 'failed', 'withdrawn'));

-- The last email sent through Vigil per customer: the email_sent lines of approved drafts.
CREATE INDEX agent_activity_log_email_sent_idx ON agent_activity_log (customer_id, created_at DESC)
  WHERE action = 'email_sent';
