-- Which credential a decision on a held draft was made with (an API token id or oidc:<subject>),
-- beside decided_by, now that decisions reach the workflow as Temporal updates.
ALTER TABLE approvals ADD COLUMN decided_credential text;
