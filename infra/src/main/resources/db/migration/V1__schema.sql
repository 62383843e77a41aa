-- Vigil's schema. Every table that a workflow step writes has an idempotency_key: the step's
-- business key (workflow id @ alert day / step). A retried or replayed step finds its row and
-- does nothing twice.

CREATE TABLE users (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  email         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('csm', 'manager', 'admin')),
  manager_id    text,
  slack_user_id text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  arr            numeric(14, 2) NOT NULL,
  segment        text NOT NULL,
  region         text NOT NULL,
  csm_id         text NOT NULL REFERENCES users (id),
  champion_name  text NOT NULL,
  champion_email text NOT NULL,
  product_name   text,
  timezone       text,
  health_score   integer NOT NULL DEFAULT 75 CHECK (health_score BETWEEN 0 AND 100),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_csm_idx ON customers (csm_id);

CREATE TABLE health_score_history (
  id              bigserial PRIMARY KEY,
  idempotency_key text UNIQUE,
  customer_id     text NOT NULL REFERENCES customers (id),
  score           integer NOT NULL,
  previous_score  integer,
  reason          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX health_score_history_customer_idx ON health_score_history (customer_id, created_at);

CREATE TABLE usage_events (
  id          bigserial PRIMARY KEY,
  event_id    text UNIQUE,
  customer_id text NOT NULL REFERENCES customers (id),
  user_id     text NOT NULL,
  event_type  text NOT NULL CHECK (event_type IN ('login', 'feature_used', 'session')),
  feature_id  text,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_events_customer_time_idx ON usage_events (customer_id, occurred_at);

-- Daily rollups (UTC days). wau/mau are distinct active users over the 7/30 days ending that day;
-- login_users/login_wau the same for logins only, which gives login frequency per user.
CREATE TABLE usage_metrics (
  customer_id     text NOT NULL,
  metric_date     date NOT NULL,
  dau             integer NOT NULL,
  wau             integer NOT NULL,
  mau             integer NOT NULL,
  logins          integer NOT NULL,
  login_users     integer NOT NULL,
  login_wau       integer NOT NULL,
  sessions        integer NOT NULL,
  events          integer NOT NULL,
  calculated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric_date, customer_id)
);

CREATE TABLE feature_usage_metrics (
  customer_id text NOT NULL,
  metric_date date NOT NULL,
  feature_id  text NOT NULL,
  uses        integer NOT NULL,
  users       integer NOT NULL,
  PRIMARY KEY (metric_date, customer_id, feature_id)
);

CREATE TABLE triggers (
  id            text PRIMARY KEY,
  type          text NOT NULL,
  name          text NOT NULL,
  segment       text,
  metric_type   text NOT NULL,
  threshold     numeric(5, 2) NOT NULL,
  comparison_period_days integer NOT NULL,
  cooldown_days integer NOT NULL,
  min_severity  text CHECK (min_severity IN ('medium', 'high', 'critical')),
  actions       text[] NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO triggers (id, type, name, segment, metric_type, threshold, comparison_period_days, cooldown_days, actions) VALUES
  ('usage-drop-dau', 'usage_drop', 'DAU drop', NULL, 'dau', 30, 28, 7, '{slack_notify,create_task,draft_email,update_health_score}'),
  ('usage-drop-wau', 'usage_drop', 'WAU drop', NULL, 'wau', 30, 28, 7, '{slack_notify,create_task,draft_email,update_health_score}'),
  ('usage-drop-mau', 'usage_drop', 'MAU drop', NULL, 'mau', 30, 28, 7, '{slack_notify,create_task,draft_email,update_health_score}'),
  ('usage-drop-feature', 'usage_drop', 'Feature usage drop', NULL, 'feature_usage', 50, 28, 7, '{slack_notify,create_task,draft_email,update_health_score}'),
  ('usage-drop-logins', 'usage_drop', 'Login frequency drop', NULL, 'login_frequency', 50, 28, 7, '{slack_notify,create_task,draft_email,update_health_score}');

CREATE TABLE trigger_events (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  trigger_id      text NOT NULL,
  customer_id     text NOT NULL,
  workflow_id     text NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('fired', 'suppressed')),
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trigger_events_customer_idx ON trigger_events (customer_id, created_at);

CREATE TABLE risk_signals (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  customer_id     text NOT NULL REFERENCES customers (id),
  type            text NOT NULL,
  severity        text NOT NULL,
  metadata        jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_signals_customer_idx ON risk_signals (customer_id, created_at);

CREATE TABLE tasks (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  title           text NOT NULL,
  description     text,
  assignee_id     text NOT NULL,
  customer_id     text NOT NULL,
  priority        text NOT NULL,
  due_at          timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'open',
  workflow_id     text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id);
CREATE INDEX tasks_customer_idx ON tasks (customer_id);

-- Every Slack or email delivery. status: pending (claimed, outcome unknown), sent, recorded
-- (no credentials: kept here instead of sent), failed. external_id: Slack ts or Gmail message id.
CREATE TABLE notifications (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  customer_id     text,
  channel         text NOT NULL CHECK (channel IN ('slack', 'email')),
  recipient       text NOT NULL,
  subject         text,
  text            text NOT NULL,
  status          text NOT NULL,
  external_id     text,
  external_thread text,
  error           text,
  workflow_id     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_customer_idx ON notifications (customer_id, created_at);

CREATE TABLE approvals (
  id              text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  workflow_id     text NOT NULL,
  customer_id     text NOT NULL,
  kind            text NOT NULL,
  approver_id     text NOT NULL,
  to_address      text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'sent', 'drafted')),
  decided_by      text,
  decided_at      timestamptz,
  reason          text,
  external_id     text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_status_idx ON approvals (status, created_at);

CREATE TABLE agent_activity_log (
  id              bigserial PRIMARY KEY,
  idempotency_key text UNIQUE,
  customer_id     text,
  workflow_id     text,
  action          text NOT NULL,
  details         jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_activity_log_customer_idx ON agent_activity_log (customer_id, created_at);
