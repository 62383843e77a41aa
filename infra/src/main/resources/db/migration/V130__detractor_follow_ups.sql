-- Detractor follow-ups (issue 10, "Satisfaction"): one row per detractor NPS answer, claimed at
-- intake before its workflow (detractor/<responseId>) is started, so a response re-posted any time
-- later (even after Temporal dropped the closed workflow) never starts a second follow-up.
-- `started` (and `workflow_id`) are set once the start was accepted: a claim left unstarted by a crash is started by
-- the next post of the response. The workflow records its task's due time and its outcome here.
CREATE TABLE detractor_follow_ups (
  response_id text PRIMARY KEY REFERENCES survey_responses (id),
  customer_id text NOT NULL REFERENCES customers (id),
  workflow_id text,
  score       smallint NOT NULL CHECK (score BETWEEN 0 AND 6),
  started     boolean NOT NULL DEFAULT false,
  approval_id text,
  outcome     text CHECK (outcome IN ('reply_sent', 'reply_rejected', 'reply_expired', 'reply_failed')),
  closed_at   timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX detractor_follow_ups_customer_idx ON detractor_follow_ups (customer_id, created_at);
