-- Customer health (issue 9, docs/health.md): the account facts the growth component reads, their
-- history, and each day's score with its components and inputs.

ALTER TABLE customers
  ADD COLUMN seats        integer CHECK (seats BETWEEN 0 AND 10000000),
  ADD COLUMN plan         text,
  ADD COLUMN start_date   date,
  ADD COLUMN renewal_date date,
  -- the newest day's band and trend beside health_score, so the summary reads one row per customer
  ADD COLUMN health_band  text CHECK (health_band IN ('green', 'yellow', 'red')),
  ADD COLUMN health_trend text CHECK (health_trend IN ('improving', 'stable', 'declining')),
  ADD COLUMN health_as_of date;
CREATE INDEX customers_health_band_idx ON customers (health_band, arr DESC, id);

-- ARR, seats and plan as they stood from each day on (one row per customer and day of change), so
-- growth compares today with 90 days ago from records, never from a guess. The value on day D is the
-- newest row with effective_on <= D.
CREATE TABLE customer_account_history (
  customer_id  text NOT NULL REFERENCES customers (id),
  effective_on date NOT NULL,
  arr          numeric(14, 2) NOT NULL,
  seats        integer,
  plan         text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, effective_on)
);
INSERT INTO customer_account_history (customer_id, effective_on, arr)
SELECT id, created_at::date, arr FROM customers;

-- One row per customer and day: the score (null when no component had data), its band and trend,
-- each component's score (null: missing) and the weight it got after re-weighting, every input with
-- its value, baseline and effect, and the components left out. computed_at orders competing writes
-- of the same day: the daily sweep's page and a check-in's recomputation.
CREATE TABLE customer_health (
  customer_id     text NOT NULL REFERENCES customers (id),
  as_of           date NOT NULL,
  score           integer CHECK (score BETWEEN 0 AND 100),
  band            text CHECK (band IN ('green', 'yellow', 'red')),
  trend           text CHECK (trend IN ('improving', 'stable', 'declining')),
  engagement      numeric(5, 2),
  sentiment       numeric(5, 2),
  growth          numeric(5, 2),
  components      jsonb NOT NULL,
  missing         text[] NOT NULL DEFAULT '{}',
  most_impactful  text,
  computed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, as_of)
);
