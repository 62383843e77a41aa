-- Issue 12: usage_events as a table the ingestion path can COPY into near the disk's pace.
-- Before: a bigserial key, a unique text event_id, a foreign key to customers and two secondary
-- indexes, every one of them paid per row. Now (docs/decisions.md, "The usage event store"):
--  * range partitions by UTC day of occurred_at (reads of a window touch only its days' partitions),
--    created by the ingestion path (usage_events_day_partition) before a batch is copied, with a
--    default partition that takes rows of days without one (writers other than the ingestion path);
--    a day partition created later takes its day's rows out of the default partition;
--  * no surrogate key (nothing reads one) and no foreign key: customers are never deleted, and the
--    ingestion path checks every event's customer before it stores the batch (one 400, nothing stored);
--  * eventId deduplicated through usage_event_ids, a 64-bit hash of the id (hashtextextended, stable
--    across PostgreSQL versions since hash partitioning relies on it) under a bigint primary key, so
--    that an id is unique across all days, as before, without a unique text index per row.
ALTER TABLE usage_events RENAME TO usage_events_v1;
ALTER INDEX usage_events_customer_time_idx RENAME TO usage_events_v1_customer_time_idx;
ALTER INDEX usage_events_feature_idx RENAME TO usage_events_v1_feature_idx;

CREATE TABLE usage_events (
  event_id    text,
  customer_id text NOT NULL,
  user_id     text NOT NULL,
  event_type  text NOT NULL CHECK (event_type IN ('login', 'feature_used', 'session')),
  feature_id  text,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);
CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;
CREATE INDEX usage_events_customer_time_idx ON usage_events (customer_id, occurred_at);
CREATE INDEX usage_events_feature_idx ON usage_events (feature_id, occurred_at) WHERE event_type = 'feature_used';

CREATE TABLE usage_event_ids (
  event_key bigint PRIMARY KEY
);

-- The partition of one UTC day, created when missing (with that day's rows moved in from the
-- default partition), serialized by an advisory lock so that concurrent batches create it once.
-- Call it in a transaction of its own: the lock is held to the end of the calling transaction.
CREATE FUNCTION usage_events_day_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := 'usage_events_' || to_char(day, 'YYYYMMDD');
  lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
  hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('usage_events_day_partition'));
  BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE usage_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  EXCEPTION WHEN duplicate_table THEN
    -- created by a batch that held the lock before us: this statement's catalog snapshot predates it
    RETURN;
  END;
  EXECUTE format('WITH moved AS (DELETE FROM usage_events_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)'
      ' INSERT INTO %I SELECT * FROM moved', lo, hi, part);
  EXECUTE format('ALTER TABLE usage_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
END $$;

SELECT usage_events_day_partition(d)
FROM (SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date AS d FROM usage_events_v1) days ORDER BY d;
INSERT INTO usage_events (event_id, customer_id, user_id, event_type, feature_id, occurred_at, received_at)
SELECT event_id, customer_id, user_id, event_type, feature_id, occurred_at, received_at FROM usage_events_v1;
INSERT INTO usage_event_ids (event_key)
SELECT hashtextextended(event_id, 0) FROM usage_events_v1 WHERE event_id IS NOT NULL ON CONFLICT DO NOTHING;
DROP TABLE usage_events_v1;
