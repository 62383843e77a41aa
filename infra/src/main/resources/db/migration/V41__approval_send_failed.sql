-- An approved email whose send failed for good (a Gmail 4xx, or Gmail down through every attempt)
-- is 'failed', with the provider's reason in `reason`, instead of staying 'approved' for ever.
ALTER TABLE approvals DROP CONSTRAINT approvals_status_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'sent', 'drafted', 'failed'));
