-- Escalations (issue 10, "Themes and escalations"): a ticket theme handed to product (product_gap),
-- documentation (docs_gap) or engineering (bug). One row per theme, found again by its tickets as
-- the theme grows; `version` counts its changes, and each version is delivered once.
CREATE TABLE escalations (
  id           text PRIMARY KEY,
  type         text NOT NULL CHECK (type IN ('product_gap', 'docs_gap', 'bug')),
  theme_key    text NOT NULL,
  theme        text NOT NULL,
  category     text NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  requests     integer NOT NULL,
  customers    integer NOT NULL,
  total_arr    numeric(16, 2) NOT NULL,
  priority     text CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  details      jsonb NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  resolved_by  text,
  UNIQUE (type, theme_key)
);
-- the list's keyset order (newest first) and its filters
CREATE INDEX escalations_created_idx ON escalations (created_at, id);
CREATE INDEX escalations_type_status_idx ON escalations (type, status, created_at, id);

-- The tickets of each escalation: how a grown theme finds its escalation, and whose customers it touches.
CREATE TABLE escalation_tickets (
  escalation_id text NOT NULL REFERENCES escalations (id),
  ticket_id     text NOT NULL REFERENCES support_tickets (id),
  PRIMARY KEY (escalation_id, ticket_id)
);
CREATE INDEX escalation_tickets_ticket_idx ON escalation_tickets (ticket_id);

-- Each version's delivery to each destination, keyed escalation/<id>/delivery/<version>/<destination>:
-- the body sent (the same on every retry), how it went.
CREATE TABLE escalation_deliveries (
  idempotency_key text PRIMARY KEY,
  escalation_id   text NOT NULL REFERENCES escalations (id),
  version         integer NOT NULL,
  destination     text NOT NULL CHECK (destination IN ('webhook', 'slack')),
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'skipped', 'failed')),
  body            text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escalation_deliveries_escalation_idx ON escalation_deliveries (escalation_id, version);
