-- The windows as bytes (docs/detection.md, "What detection reads"; docs/performance.md, issue 12). The
-- detection read int4[] blocks in binary, and PostgreSQL formats an array for the wire element by
-- element (array_send calls int4send, with a buffer of its own, for each of the 140 elements of a
-- usage_windows row and the 28 of a feature_usage_windows row): for 100,000 customers' two blocks that
-- was most of the server's share of a detection (binary COPY of the read's rows, bench data: 2.7 s as
-- int4[], 0.6 s as bytes). A bytea is sent as it is stored, so each block is now 28 days of 4 bytes
-- each, big-endian (int4send, which is also the order the detection decodes), -1 for a day without a
-- rollup (counts are never negative; the detection's NO_ROLLUP is -1 too).
--
-- Kept as before: by the triggers on the rollup tables, each written day's 4 bytes set in place
-- (overlay), a block not there yet starting as 28 days of -1 around that day.
CREATE FUNCTION usage_window_day(v integer) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT int4send(coalesce(v, -1))
$$;

-- A block without any rollup: 28 days of -1.
CREATE FUNCTION usage_window_empty() RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT decode(repeat('ff', 4 * 28), 'hex')
$$;

-- Rebuilt below from the rollups (the windows' source), so the columns change type empty.
DELETE FROM usage_windows;
DELETE FROM feature_usage_windows;
ALTER TABLE usage_windows ALTER COLUMN dau TYPE bytea USING NULL, ALTER COLUMN wau TYPE bytea USING NULL,
  ALTER COLUMN mau TYPE bytea USING NULL, ALTER COLUMN login_users TYPE bytea USING NULL,
  ALTER COLUMN login_wau TYPE bytea USING NULL;
ALTER TABLE feature_usage_windows ALTER COLUMN uses TYPE bytea USING NULL;
DROP FUNCTION usage_window_nulls(integer);

CREATE OR REPLACE FUNCTION usage_windows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deleting boolean := TG_ARGV[0] = 'delete';
  d date;
  b date;
  k integer; -- the day's first byte in its block (1-based)
BEGIN
  FOR d IN SELECT DISTINCT metric_date FROM changed LOOP
    b := usage_window_block(d);
    k := 4 * (d - b) + 1;
    INSERT INTO usage_windows AS w (block_start, customer_id, dau, wau, mau, login_users, login_wau)
    SELECT b, c.customer_id,
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.dau END) from k),
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.wau END) from k),
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.mau END) from k),
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.login_users END) from k),
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.login_wau END) from k)
    FROM changed c WHERE c.metric_date = d
    ON CONFLICT (block_start, customer_id) DO UPDATE SET
      dau = overlay(w.dau placing substring(EXCLUDED.dau from k for 4) from k),
      wau = overlay(w.wau placing substring(EXCLUDED.wau from k for 4) from k),
      mau = overlay(w.mau placing substring(EXCLUDED.mau from k for 4) from k),
      login_users = overlay(w.login_users placing substring(EXCLUDED.login_users from k for 4) from k),
      login_wau = overlay(w.login_wau placing substring(EXCLUDED.login_wau from k for 4) from k);
  END LOOP;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION feature_usage_windows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deleting boolean := TG_ARGV[0] = 'delete';
  d date;
  b date;
  k integer;
BEGIN
  FOR d IN SELECT DISTINCT metric_date FROM changed LOOP
    b := usage_window_block(d);
    k := 4 * (d - b) + 1;
    INSERT INTO feature_usage_windows AS w (block_start, customer_id, feature_id, uses)
    SELECT b, c.customer_id, c.feature_id,
           overlay(usage_window_empty() placing usage_window_day(CASE WHEN NOT deleting THEN c.uses END) from k)
    FROM changed c WHERE c.metric_date = d
    ON CONFLICT (block_start, customer_id, feature_id) DO UPDATE SET
      uses = overlay(w.uses placing substring(EXCLUDED.uses from k for 4) from k);
  END LOOP;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION usage_windows_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k integer := 4 * (OLD.metric_date - usage_window_block(OLD.metric_date)) + 1;
  no_day bytea := usage_window_day(NULL);
BEGIN
  IF TG_TABLE_NAME = 'usage_metrics' THEN
    UPDATE usage_windows SET dau = overlay(dau placing no_day from k), wau = overlay(wau placing no_day from k),
      mau = overlay(mau placing no_day from k), login_users = overlay(login_users placing no_day from k),
      login_wau = overlay(login_wau placing no_day from k)
    WHERE block_start = usage_window_block(OLD.metric_date) AND customer_id = OLD.customer_id;
  ELSE
    UPDATE feature_usage_windows SET uses = overlay(uses placing no_day from k)
    WHERE block_start = usage_window_block(OLD.metric_date) AND customer_id = OLD.customer_id
      AND feature_id = OLD.feature_id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION usage_windows_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM usage_windows;
  DELETE FROM feature_usage_windows;
  INSERT INTO usage_windows (block_start, customer_id, dau, wau, mau, login_users, login_wau)
  SELECT t.block_start, t.customer_id, string_agg(usage_window_day(c.dau), ''::bytea ORDER BY k.k),
         string_agg(usage_window_day(c.wau), ''::bytea ORDER BY k.k),
         string_agg(usage_window_day(c.mau), ''::bytea ORDER BY k.k),
         string_agg(usage_window_day(c.login_users), ''::bytea ORDER BY k.k),
         string_agg(usage_window_day(c.login_wau), ''::bytea ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id FROM usage_metrics) t
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN usage_metrics c ON c.customer_id = t.customer_id AND c.metric_date = t.block_start + k.k
  GROUP BY t.block_start, t.customer_id;
  INSERT INTO feature_usage_windows (block_start, customer_id, feature_id, uses)
  SELECT t.block_start, t.customer_id, t.feature_id, string_agg(usage_window_day(c.uses), ''::bytea ORDER BY k.k)
  FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id, feature_id
        FROM feature_usage_metrics) t
  CROSS JOIN generate_series(0, 27) AS k (k)
  LEFT JOIN feature_usage_metrics c
    ON c.customer_id = t.customer_id AND c.feature_id = t.feature_id AND c.metric_date = t.block_start + k.k
  GROUP BY t.block_start, t.customer_id, t.feature_id;
$$;

SELECT usage_windows_rebuild();
