-- Common-mode days remembered: a day on which a large share of a group (the portfolio, or one
-- country's customers) dropped at once is, from then on, a day off for that group in later
-- evaluations (not in baselines, not an open business day of a week), like a public holiday.
-- Evaluating the day again replaces its rows: a day no longer common-mode is forgotten.
CREATE TABLE common_mode_days (
  day         date        NOT NULL,
  group_name  text        NOT NULL CHECK (group_name = 'portfolio' OR group_name ~ '^country:[A-Z]{2}$'),
  evaluated   int         NOT NULL,
  dropped     int         NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, group_name)
);
