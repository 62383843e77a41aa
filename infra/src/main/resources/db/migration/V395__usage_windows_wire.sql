-- The detection read the windows' int4[] columns in binary, and PostgreSQL formats an array for the
-- wire element by element (array_send calls int4send, a fresh buffer each, for each of the 140
-- elements of a usage_windows row and 28 of a feature_usage_windows row): for 100,000 customers' two
-- blocks that was most of the server's share of a detection (binary COPY of the read's rows, bench
-- data: 2.7 s with the arrays, 0.6 s with the same rows' bytes stored; docs/performance.md, issue 12).
-- Each row now also keeps its arrays in that wire format, computed by PostgreSQL whenever the row is
-- written (a stored generated column, so every writer keeps it without knowing: the triggers of V360
-- and V361, usage_windows_rebuild), and the detection reads those bytes, which the server sends as
-- they are stored. The arrays stay the windows' truth; the bytes are derived from them.
--
-- array_send is declared STABLE because it serves any element type; for integer[] it depends on the
-- array alone (int4send is IMMUTABLE), which is what a generated column needs.
CREATE FUNCTION usage_window_wire(a integer[]) RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN array_send(a);
END $$;

-- dau, wau, mau, login_users, login_wau: five arrays in the wire format, one after the other.
CREATE FUNCTION usage_window_wire(dau integer[], wau integer[], mau integer[], login_users integer[],
    login_wau integer[]) RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN array_send(dau) || array_send(wau) || array_send(mau) || array_send(login_users) || array_send(login_wau);
END $$;

ALTER TABLE usage_windows
  ADD COLUMN wire bytea GENERATED ALWAYS AS (usage_window_wire(dau, wau, mau, login_users, login_wau)) STORED;
ALTER TABLE feature_usage_windows
  ADD COLUMN wire bytea GENERATED ALWAYS AS (usage_window_wire(uses)) STORED;
