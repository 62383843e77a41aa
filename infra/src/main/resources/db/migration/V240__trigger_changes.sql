-- Who changed which trigger rule, when and how (issue 11, the rules page): one row per change, the
-- rule as it was and as it became. Rules are edited and disabled, never deleted, so their history stays.
ALTER TABLE triggers ADD COLUMN updated_at timestamptz;
ALTER TABLE triggers ADD COLUMN updated_by text;

CREATE TABLE trigger_changes (
  id         bigserial PRIMARY KEY,
  trigger_id text NOT NULL REFERENCES triggers (id),
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  change     text NOT NULL CHECK (change IN ('created', 'updated', 'disabled', 'enabled')),
  before     jsonb,
  after      jsonb NOT NULL
);

CREATE INDEX trigger_changes_by_trigger ON trigger_changes (trigger_id, at DESC, id DESC);
