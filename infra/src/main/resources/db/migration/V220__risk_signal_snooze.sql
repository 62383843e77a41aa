-- Snooze (docs/slack.md): an alert acknowledged from Slack's "Snooze alert" holds the DMs of the same
-- kind of alert for the same customer until this time.
ALTER TABLE risk_signals ADD COLUMN snoozed_until timestamptz;
ALTER TABLE risk_signals ADD COLUMN snoozed_by text;
CREATE INDEX risk_signals_snoozed ON risk_signals (customer_id, type, snoozed_until) WHERE snoozed_until IS NOT NULL;
