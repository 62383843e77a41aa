-- The customer's country (ISO 3166-1 alpha-2, upper case): whose public holidays its usage is
-- judged by. Null: the region-to-country mapping, else the default country (docs/detection.md).
ALTER TABLE customers ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$');

-- A sweep's alerts on a common-mode day (a large share of the portfolio, or of one country, dropped
-- at once) are held: not dispatched, the day not evaluated for those customers.
ALTER TABLE sweep_alerts DROP CONSTRAINT sweep_alerts_outcome_check;
ALTER TABLE sweep_alerts ADD CONSTRAINT sweep_alerts_outcome_check CHECK (outcome IN ('started', 'suppressed', 'held'));
