-- Survey responses (issue 10, "Satisfaction"): NPS (0-10) and CSAT (1-5) answers, one row per
-- response id; a re-sent version replaces the stored one (docs/api.md, "Surveys").
CREATE TABLE survey_responses (
  id            text PRIMARY KEY,
  customer_id   text NOT NULL REFERENCES customers (id),
  contact_email text NOT NULL,
  type          text NOT NULL CHECK (type IN ('nps', 'csat')),
  score         smallint NOT NULL,
  comment       text,
  responded_at  timestamptz NOT NULL,
  -- not a reference to feature_catalog: a survey tool may name a feature before the catalog does
  feature_id    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'nps' AND score BETWEEN 0 AND 10) OR (type = 'csat' AND score BETWEEN 1 AND 5))
);
-- the insights read one type over a time range, optionally of some customers
CREATE INDEX survey_responses_type_responded_idx ON survey_responses (type, responded_at);
CREATE INDEX survey_responses_customer_responded_idx ON survey_responses (customer_id, responded_at);
