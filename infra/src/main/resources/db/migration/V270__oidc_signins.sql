-- Browser sign-in through the team's identity provider (issue 11): one row per sign-in started,
-- keyed by the SHA-256 of its OAuth `state` (the browser holds the state itself in a short-lived
-- cookie). The row keeps what the callback needs: the PKCE code verifier, the nonce the ID token
-- must carry and the page to return to. Used once (used_at), refused after expires_at.
CREATE TABLE oidc_signins (
  state_hash    text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce         text NOT NULL,
  next_path     text NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_signins_expiry ON oidc_signins (expires_at);
