-- Identity: API tokens (only their SHA-256 is kept) and the audit trail of state-changing requests.

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  user_id     text REFERENCES users (id),
  role        text CHECK (role IN ('admin', 'manager', 'csm', 'integration')),
  expires_at  timestamptz,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  -- a token acts either as a person (user_id, the person's current role) or as a machine (role)
  CHECK (user_id IS NOT NULL OR role IS NOT NULL)
);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_user_id text,
  credential_id text,
  role          text,
  method        text NOT NULL,
  path          text NOT NULL,
  route         text,
  target_ids    text[] NOT NULL DEFAULT '{}',
  customer_id   text,
  remote        text,
  status        integer NOT NULL,
  outcome       text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at DESC);
CREATE INDEX audit_log_customer_idx ON audit_log (customer_id, at DESC);
