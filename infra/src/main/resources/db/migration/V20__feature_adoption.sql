-- Feature adoption (PRD-090): the catalog of features with their training resources, each
-- customer's adoption of each catalog feature (current state), its daily history, and the
-- enablement interventions with the adoption measured after them. docs/adoption.md explains the
-- score, the stages and the stall rules.

CREATE TABLE feature_catalog (
  feature_id             text PRIMARY KEY,
  feature_name           text NOT NULL,
  category               text,
  importance_score       integer NOT NULL DEFAULT 50 CHECK (importance_score BETWEEN 0 AND 100),
  expected_adoption_days integer NOT NULL DEFAULT 30 CHECK (expected_adoption_days > 0),
  -- the share of a customer's active users, using the feature regularly, that scores 100; a
  -- segment's own benchmark (segment_benchmarks: {"smb": 0.3}) wins over it
  target_share           numeric(4, 3) NOT NULL DEFAULT 0.5 CHECK (target_share > 0 AND target_share <= 1),
  segment_benchmarks     jsonb NOT NULL DEFAULT '{}',
  training_resources     jsonb NOT NULL DEFAULT '[]',
  tips                   text,
  key_benefit            text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- One row per customer and catalog feature that was activated explicitly or used. Rolled up daily
-- from usage_events; evaluated_on is the newest day rolled up into it.
CREATE TABLE feature_adoption (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id                 text NOT NULL REFERENCES customers (id),
  feature_id                  text NOT NULL REFERENCES feature_catalog (feature_id),
  feature_name                text NOT NULL,
  activated_at                timestamptz,
  activation_source           text CHECK (activation_source IN ('explicit', 'first_use')),
  last_used_at                timestamptz,
  usage_count                 integer NOT NULL DEFAULT 0,  -- uses in the 14 days to evaluated_on
  feature_users               integer NOT NULL DEFAULT 0,  -- users of the feature in those 14 days
  active_users                integer NOT NULL DEFAULT 0,  -- users of anything in those 14 days
  usage_score                 integer NOT NULL DEFAULT 0 CHECK (usage_score BETWEEN 0 AND 100),
  stage                       text NOT NULL DEFAULT 'not_started'
                              CHECK (stage IN ('not_started', 'started', 'engaged', 'adopted', 'churned')),
  stage_since                 date,
  adopted_on                  date,
  expected_adoption_days      integer NOT NULL DEFAULT 30,
  is_stalled                  boolean NOT NULL DEFAULT false,
  stall_reason                text,
  stall_detected_at           timestamptz,
  recovered_at                timestamptz,
  last_alerted_at             timestamptz,
  intervention_sent_at        timestamptz,
  intervention_type           text,
  adoption_after_intervention integer,
  evaluated_on                date,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, feature_id)
);

-- The adoption of each tracked feature as of each day: days in stage, trends and weekly figures
-- (the rows at week ends) come from here, and detection as of a day reads that day's rows.
CREATE TABLE feature_adoption_daily (
  customer_id            text NOT NULL,
  feature_id             text NOT NULL,
  metric_date            date NOT NULL,
  usage_score            integer NOT NULL,
  stage                  text NOT NULL,
  stage_since            date NOT NULL,
  adopted_on             date,
  uses                   integer NOT NULL,
  feature_users          integer NOT NULL,
  active_users           integer NOT NULL,
  days_since_activation  integer,
  is_stalled             boolean NOT NULL,
  stall_reason           text,
  stalled_since          date,
  PRIMARY KEY (metric_date, customer_id, feature_id)
);
CREATE INDEX feature_adoption_daily_customer_idx ON feature_adoption_daily (customer_id, feature_id, metric_date);

-- Every enablement intervention, manual (POST .../intervention) or sent by the workflow (keyed by
-- its step), with the score before it and the score measured 14 days after it.
CREATE TABLE adoption_interventions (
  id                bigserial PRIMARY KEY,
  idempotency_key   text NOT NULL UNIQUE,
  adoption_id       uuid NOT NULL REFERENCES feature_adoption (id),
  customer_id       text NOT NULL,
  feature_id        text NOT NULL,
  intervention_type text NOT NULL CHECK (intervention_type IN ('email', 'call', 'training', 'resource_share')),
  details           text,
  resources_shared  jsonb NOT NULL DEFAULT '[]',
  workflow_id       text,
  stage_before      text NOT NULL,
  score_before      integer NOT NULL,
  sent_at           timestamptz NOT NULL DEFAULT now(),
  score_after       integer,
  stage_after       text,
  measured_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adoption_interventions_adoption_idx ON adoption_interventions (adoption_id, sent_at);
