-- The segments' medians of a day (docs/health.md, "Segment medians"): worked out over every customer
-- once, the first time the day is scored, and read by every page of that day after (they used to be
-- worked out again for each page). A day's row, and its medians with it, is deleted whenever what they
-- were worked out from changes: the day's usage_metrics, feature_usage_metrics of its 7 days, or the
-- customers (their seats, their segment, who they are). The next page of that day works them out again.
CREATE TABLE health_segment_days (
  day         date PRIMARY KEY,
  computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE health_segment_medians (
  day            date NOT NULL REFERENCES health_segment_days (day) ON DELETE CASCADE,
  segment        text NOT NULL,
  users_per_seat double precision,
  breadth        double precision,
  PRIMARY KEY (day, segment)
);

-- Rollups of some days changed: those days' medians go, and those of the TG_ARGV[0] days after them
-- (a feature rollup of day m counts in the 7-day breadth of days m .. m+6). The shared lock per day,
-- held until the changing transaction ends, makes a computation of those days wait for it
-- (SegmentMedianStore takes the same key exclusively), so medians are never stored from rollups that a
-- committed change has replaced; a change after the computation deletes what it stored.
CREATE FUNCTION health_segment_rollups_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  days date[];
BEGIN
  SELECT array_agg(DISTINCT changed_day.day + k ORDER BY changed_day.day + k) INTO days
  FROM (SELECT DISTINCT metric_date AS day FROM changed) changed_day
  CROSS JOIN generate_series(0, CAST(TG_ARGV[0] AS integer)) AS k;
  PERFORM pg_advisory_xact_lock_shared(hashtext('health_segment_days'), day - DATE '2000-01-01')
  FROM unnest(days) WITH ORDINALITY AS held (day, n) ORDER BY n;
  DELETE FROM health_segment_days WHERE day = ANY(days);
  RETURN NULL;
END $$;

-- A row moved to another day (never done by the roll-ups, which upsert in place): the day it left.
CREATE FUNCTION health_segment_rollup_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('health_segment_days'), OLD.metric_date + k - DATE '2000-01-01')
  FROM generate_series(0, CAST(TG_ARGV[0] AS integer)) AS k ORDER BY k;
  DELETE FROM health_segment_days
  WHERE day BETWEEN OLD.metric_date AND OLD.metric_date + CAST(TG_ARGV[0] AS integer);
  RETURN NULL;
END $$;

-- Something that counts on every day changed (a customer's seats or segment, a customer added or
-- removed, a rollup table emptied): every day's medians go, under the one lock every computation takes.
CREATE FUNCTION health_segment_everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('health_segment_customers'), 0);
  DELETE FROM health_segment_days;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, so each event has its own. An update's new rows say
-- which days changed; the day a row left (only when its day itself changed) is a row trigger's, so
-- that the roll-ups' upserts do not hold every old row too.
CREATE TRIGGER health_segment_usage_inserted AFTER INSERT ON usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(0);
CREATE TRIGGER health_segment_usage_moved AFTER UPDATE ON usage_metrics
  FOR EACH ROW WHEN (OLD.metric_date IS DISTINCT FROM NEW.metric_date)
  EXECUTE FUNCTION health_segment_rollup_moved(0);
CREATE TRIGGER health_segment_usage_updated_to AFTER UPDATE ON usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(0);
CREATE TRIGGER health_segment_usage_deleted AFTER DELETE ON usage_metrics
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(0);
CREATE TRIGGER health_segment_usage_truncated AFTER TRUNCATE ON usage_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION health_segment_everything_changed();

CREATE TRIGGER health_segment_features_inserted AFTER INSERT ON feature_usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(6);
CREATE TRIGGER health_segment_features_moved AFTER UPDATE ON feature_usage_metrics
  FOR EACH ROW WHEN (OLD.metric_date IS DISTINCT FROM NEW.metric_date)
  EXECUTE FUNCTION health_segment_rollup_moved(6);
CREATE TRIGGER health_segment_features_updated_to AFTER UPDATE ON feature_usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(6);
CREATE TRIGGER health_segment_features_deleted AFTER DELETE ON feature_usage_metrics
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION health_segment_rollups_changed(6);
CREATE TRIGGER health_segment_features_truncated AFTER TRUNCATE ON feature_usage_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION health_segment_everything_changed();

-- Row by row with a condition, so that the frequent updates of other columns (the health score itself,
-- names, ARR) cost nothing here.
CREATE TRIGGER health_segment_customer_updated AFTER UPDATE ON customers
  FOR EACH ROW WHEN (OLD.seats IS DISTINCT FROM NEW.seats OR OLD.segment IS DISTINCT FROM NEW.segment
                     OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION health_segment_everything_changed();
CREATE TRIGGER health_segment_customers_added AFTER INSERT ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION health_segment_everything_changed();
CREATE TRIGGER health_segment_customers_removed AFTER DELETE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION health_segment_everything_changed();
CREATE TRIGGER health_segment_customers_truncated AFTER TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION health_segment_everything_changed();
