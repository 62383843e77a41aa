-- Product incidents (PRD-097 4.1): one row per incident of a source, its affected customers, the
-- updates already applied (duplicates and stale redeliveries change nothing), and which customers
-- each delivery mentions.

ALTER TABLE customers ADD COLUMN components text[] NOT NULL DEFAULT '{}';

CREATE TABLE product_incidents (
  id                  text PRIMARY KEY,
  source              text NOT NULL,
  external_id         text NOT NULL,
  title               text NOT NULL,
  description         text,
  severity            text NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  status              text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  affected_components text[] NOT NULL DEFAULT '{}',
  affected_regions    text[] NOT NULL DEFAULT '{}',
  started_at          timestamptz,
  resolved_at         timestamptz,
  status_page_url     text,
  workflow_id         text NOT NULL,
  slack_channel_id    text,
  last_event_at       timestamptz NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);

CREATE TABLE incident_updates (
  incident_id text NOT NULL REFERENCES product_incidents (id),
  update_key  text NOT NULL,
  run_id      text NOT NULL,
  outcome     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, update_key)
);

CREATE TABLE incident_customer_impact (
  id                   bigserial PRIMARY KEY,
  incident_id          text NOT NULL REFERENCES product_incidents (id),
  customer_id          text NOT NULL REFERENCES customers (id),
  impact_level         text NOT NULL CHECK (impact_level IN ('high', 'medium', 'low')),
  reason               text NOT NULL,
  csm_notified_at      timestamptz,
  customer_notified_at timestamptz,
  outreach_status      text NOT NULL DEFAULT 'pending' CHECK (outreach_status IN ('pending', 'sent', 'responded')),
  approval_id          text,
  responded_at         timestamptz,
  response_note        text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, customer_id)
);

CREATE TABLE notification_customers (
  notification_id bigint NOT NULL REFERENCES notifications (id),
  customer_id     text NOT NULL,
  PRIMARY KEY (notification_id, customer_id)
);
CREATE INDEX notification_customers_customer_idx ON notification_customers (customer_id);
INSERT INTO notification_customers (notification_id, customer_id)
  SELECT id, customer_id FROM notifications WHERE customer_id IS NOT NULL;

CREATE INDEX notifications_workflow_idx ON notifications (workflow_id);
CREATE INDEX usage_events_feature_idx ON usage_events (feature_id, occurred_at) WHERE event_type = 'feature_used';
