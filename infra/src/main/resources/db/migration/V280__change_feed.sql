-- The change feed the dashboard's live pages listen to (LISTEN vigil_changes): after each statement
-- that changes what My day shows, one notification naming the CSMs whose customers it touched, so
-- a page refreshes when its own portfolio changed and not on every write. Statement-level triggers
-- with transition tables: a sweep inserting 10,000 signals sends one notification, not 10,000.
-- Payload: comma-separated CSM ids, or '*' (everyone: too many to name, or not tied to customers).

CREATE FUNCTION vigil_notify_csms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  csms text;
BEGIN
  SELECT string_agg(DISTINCT c.csm_id, ',') INTO csms
  FROM changed_rows r JOIN customers c ON c.id = r.customer_id;
  IF csms IS NOT NULL THEN
    PERFORM pg_notify('vigil_changes', CASE WHEN length(csms) > 7000 THEN '*' ELSE csms END);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION vigil_notify_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vigil_changes', '*');
  RETURN NULL;
END $$;

CREATE TRIGGER risk_signals_inserted_feed AFTER INSERT ON risk_signals
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER risk_signals_updated_feed AFTER UPDATE ON risk_signals
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER tasks_inserted_feed AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER tasks_updated_feed AFTER UPDATE ON tasks
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER approvals_inserted_feed AFTER INSERT ON approvals
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER approvals_updated_feed AFTER UPDATE ON approvals
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER incident_impact_inserted_feed AFTER INSERT ON incident_customer_impact
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER incident_impact_updated_feed AFTER UPDATE ON incident_customer_impact
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_csms();
CREATE TRIGGER product_incidents_changed_feed AFTER INSERT OR UPDATE ON product_incidents
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_everyone();
