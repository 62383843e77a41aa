-- The weekly report (issue 9, docs/reports.md): its content computed once per ISO week and kept, so
-- the API and every delivery of that week show the same figures. The texts are rendered from the
-- content when it is stored: Slack markup for the channel, plain text for the managers' email.
CREATE TABLE weekly_reports (
  week        text PRIMARY KEY CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  week_start  date NOT NULL,
  -- json, not jsonb: kept as written, so the sections stay in their report order
  content     json NOT NULL,
  slack_text  text NOT NULL,
  email_text  text NOT NULL,
  workflow_id text,
  computed_at timestamptz NOT NULL DEFAULT now()
);
-- the report reads a week's signals of a type
CREATE INDEX risk_signals_type_created_idx ON risk_signals (type, created_at);
