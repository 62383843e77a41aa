-- POST /api/v1/detections/run answers at once when the run finishes within its wait (30 s), else 202
-- with the run's id; GET /api/v1/detections/runs/{id} reads it here: running (alive_at renewed every
-- few seconds while the process runs it, so a run whose process died shows as interrupted), then done
-- with the same answer the POST would have given (json, not jsonb: kept as answered, keys in order), or
-- failed with why.
CREATE TABLE detection_runs (
  id          uuid PRIMARY KEY,
  as_of       date NOT NULL,
  customer_id text,
  status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  alive_at    timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  result      json,
  error       text
);
CREATE INDEX detection_runs_started_idx ON detection_runs (started_at);
