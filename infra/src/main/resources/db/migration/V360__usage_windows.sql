-- The detection's windows (docs/detection.md, "What detection reads"; docs/performance.md, issue 12): each
-- customer's daily rollups as arrays, one row per customer and block of 28 days, so that the detection
-- reads about two rows per customer (and per customer and feature) instead of 35 daily rows of each
-- rollup table. Element k (1-based) of a block is the day block_start + k - 1; NULL where the rollup
-- table has no row for the day. Blocks are aligned on Monday 2024-01-01, so any evaluated day's window
-- (7N + 7 days) lies in a few consecutive blocks, for any day ever evaluated again.
--
-- Kept up to date by triggers on the rollup tables, so that every writer (the roll-up step, the
-- ingestion's incremental roll-up, seeding, tests) keeps them without knowing: one set-based statement
-- per written batch (the statement's transition table), which rewrites only the blocks it touched,
-- element by element, keeping the elements it did not write.
CREATE FUNCTION usage_window_block(day date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT day - ((day - DATE '2024-01-01') % 28 + 28) % 28
$$;

CREATE TABLE usage_windows (
  block_start date NOT NULL,
  customer_id text NOT NULL,
  dau         integer[] NOT NULL,
  wau         integer[] NOT NULL,
  mau         integer[] NOT NULL,
  login_users integer[] NOT NULL,
  login_wau   integer[] NOT NULL,
  PRIMARY KEY (block_start, customer_id)
);

CREATE TABLE feature_usage_windows (
  block_start date NOT NULL,
  customer_id text NOT NULL,
  feature_id  text NOT NULL,
  uses        integer[] NOT NULL,
  PRIMARY KEY (block_start, customer_id, feature_id)
);

-- Rows of usage_metrics written (TG_ARGV[0] = 'write': inserted, or updated to these values) or deleted
-- ('delete'): their blocks' elements take the new values, or NULL; every other element stays.
CREATE FUNCTION usage_windows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deleting boolean := TG_ARGV[0] = 'delete';
BEGIN
  INSERT INTO usage_windows AS w (block_start, customer_id, dau, wau, mau, login_users, login_wau)
  SELECT t.block_start, t.customer_id,
         array_agg(CASE WHEN c.k IS NULL THEN o.dau[k.k + 1] WHEN NOT deleting THEN c.dau END ORDER BY k.k),
         array_agg(CASE WHEN c.k IS NULL THEN o.wau[k.k + 1] WHEN NOT deleting THEN c.wau END ORDER BY k.k),
         array_agg(CASE WHEN c.k IS NULL THEN o.mau[k.k + 1] WHEN NOT deleting THEN c.mau END ORDER BY k.k),
         array_agg(CASE WHEN c.k IS NULL THEN o.login_users[k.k + 1] WHEN NOT deleting THEN c.login_users END ORDER BY k.k),
         array_agg(CASE WHEN c.k IS NULL THEN o.login_wau[k.k + 1] WHEN NOT deleting THEN c.login_wau END ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id FROM changed) t
  LEFT JOIN usage_windows o ON o.block_start = t.block_start AND o.customer_id = t.customer_id
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN (SELECT customer_id, usage_window_block(metric_date) AS block_start,
                    metric_date - usage_window_block(metric_date) AS k, dau, wau, mau, login_users, login_wau
             FROM changed) c ON c.block_start = t.block_start AND c.customer_id = t.customer_id AND c.k = k.k
  GROUP BY t.block_start, t.customer_id
  ON CONFLICT (block_start, customer_id) DO UPDATE SET dau = EXCLUDED.dau, wau = EXCLUDED.wau, mau = EXCLUDED.mau,
    login_users = EXCLUDED.login_users, login_wau = EXCLUDED.login_wau;
  RETURN NULL;
END $$;

CREATE FUNCTION feature_usage_windows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deleting boolean := TG_ARGV[0] = 'delete';
BEGIN
  INSERT INTO feature_usage_windows AS w (block_start, customer_id, feature_id, uses)
  SELECT t.block_start, t.customer_id, t.feature_id,
         array_agg(CASE WHEN c.k IS NULL THEN o.uses[k.k + 1] WHEN NOT deleting THEN c.uses END ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id, feature_id FROM changed) t
  LEFT JOIN feature_usage_windows o
    ON o.block_start = t.block_start AND o.customer_id = t.customer_id AND o.feature_id = t.feature_id
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN (SELECT customer_id, feature_id, usage_window_block(metric_date) AS block_start,
                    metric_date - usage_window_block(metric_date) AS k, uses
             FROM changed) c
    ON c.block_start = t.block_start AND c.customer_id = t.customer_id AND c.feature_id = t.feature_id AND c.k = k.k
  GROUP BY t.block_start, t.customer_id, t.feature_id
  ON CONFLICT (block_start, customer_id, feature_id) DO UPDATE SET uses = EXCLUDED.uses;
  RETURN NULL;
END $$;

-- A row moved to another day or customer (never done by the roll-ups, which upsert in place): its old
-- element goes; the statement trigger then writes the new one.
CREATE FUNCTION usage_windows_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k integer := OLD.metric_date - usage_window_block(OLD.metric_date) + 1;
BEGIN
  IF TG_TABLE_NAME = 'usage_metrics' THEN
    UPDATE usage_windows SET dau[k] = NULL, wau[k] = NULL, mau[k] = NULL, login_users[k] = NULL, login_wau[k] = NULL
    WHERE block_start = usage_window_block(OLD.metric_date) AND customer_id = OLD.customer_id;
  ELSE
    UPDATE feature_usage_windows SET uses[k] = NULL
    WHERE block_start = usage_window_block(OLD.metric_date) AND customer_id = OLD.customer_id
      AND feature_id = OLD.feature_id;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION usage_windows_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'usage_metrics' THEN
    DELETE FROM usage_windows;
  ELSE
    DELETE FROM feature_usage_windows;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER usage_windows_inserted AFTER INSERT ON usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_windows_changed('write');
CREATE TRIGGER usage_windows_updated AFTER UPDATE ON usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_windows_changed('write');
CREATE TRIGGER usage_windows_moved AFTER UPDATE ON usage_metrics
  FOR EACH ROW WHEN (OLD.metric_date IS DISTINCT FROM NEW.metric_date OR OLD.customer_id IS DISTINCT FROM NEW.customer_id)
  EXECUTE FUNCTION usage_windows_row_moved();
CREATE TRIGGER usage_windows_deleted AFTER DELETE ON usage_metrics
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_windows_changed('delete');
CREATE TRIGGER usage_windows_truncated AFTER TRUNCATE ON usage_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION usage_windows_emptied();

CREATE TRIGGER feature_usage_windows_inserted AFTER INSERT ON feature_usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION feature_usage_windows_changed('write');
CREATE TRIGGER feature_usage_windows_updated AFTER UPDATE ON feature_usage_metrics
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION feature_usage_windows_changed('write');
CREATE TRIGGER feature_usage_windows_moved AFTER UPDATE ON feature_usage_metrics
  FOR EACH ROW WHEN (OLD.metric_date IS DISTINCT FROM NEW.metric_date OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
                     OR OLD.feature_id IS DISTINCT FROM NEW.feature_id)
  EXECUTE FUNCTION usage_windows_row_moved();
CREATE TRIGGER feature_usage_windows_deleted AFTER DELETE ON feature_usage_metrics
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION feature_usage_windows_changed('delete');
CREATE TRIGGER feature_usage_windows_truncated AFTER TRUNCATE ON feature_usage_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION usage_windows_emptied();

-- The windows built again from the rollups: the backfill below, and loads that bypass the triggers
-- (session_replication_role = replica, as the detection bench loads 20 M rows).
CREATE FUNCTION usage_windows_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM usage_windows;
  DELETE FROM feature_usage_windows;
  INSERT INTO usage_windows (block_start, customer_id, dau, wau, mau, login_users, login_wau)
  SELECT t.block_start, t.customer_id, array_agg(c.dau ORDER BY k.k), array_agg(c.wau ORDER BY k.k),
         array_agg(c.mau ORDER BY k.k), array_agg(c.login_users ORDER BY k.k), array_agg(c.login_wau ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id FROM usage_metrics) t
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN usage_metrics c ON c.customer_id = t.customer_id AND c.metric_date = t.block_start + k.k
  GROUP BY t.block_start, t.customer_id;
  INSERT INTO feature_usage_windows (block_start, customer_id, feature_id, uses)
  SELECT t.block_start, t.customer_id, t.feature_id, array_agg(c.uses ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id, feature_id
        FROM feature_usage_metrics) t
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN feature_usage_metrics c
    ON c.customer_id = t.customer_id AND c.feature_id = t.feature_id AND c.metric_date = t.block_start + k.k
  GROUP BY t.block_start, t.customer_id, t.feature_id;
$$;

SELECT usage_windows_rebuild();
