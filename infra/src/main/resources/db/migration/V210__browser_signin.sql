-- Browser sign-in (issue 11). Only SHA-256 hashes of the secrets are kept, as for api_tokens: a
-- copy of the database signs nobody in.

-- One-time sign-in links an admin issues (or the demo prints): single use, short-lived.
CREATE TABLE signin_links (
  id         text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id    text NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A signed-in browser: the cookie holds the secret, the row the user and how they signed in. Signing
-- out ends the row, so a copied cookie stops working at once.
CREATE TABLE web_sessions (
  id         text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id    text NOT NULL REFERENCES users (id),
  -- 'link' (a one-time sign-in link) or 'oidc' (the identity provider)
  method     text NOT NULL CHECK (method IN ('link', 'oidc')),
  expires_at timestamptz NOT NULL,
  ended_at   timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
