-- Every list is read a page at a time in a stable order (created_at, id): these indexes let a page
-- start where the previous one ended instead of sorting the whole table for each page.
CREATE INDEX risk_signals_created_idx ON risk_signals (created_at, id);
CREATE INDEX tasks_created_idx ON tasks (created_at, id);
CREATE INDEX notifications_created_idx ON notifications (created_at, id);
CREATE INDEX approvals_created_idx ON approvals (created_at, id);
CREATE INDEX agent_activity_log_customer_created_idx ON agent_activity_log (customer_id, created_at, id);
DROP INDEX IF EXISTS agent_activity_log_customer_idx;
