-- Each customer's last contact before the end of the day (?1 = ?2, exclusive) and the day its silence
-- runs from: a touchpoint or an email sent through Vigil (an approved draft's email_sent line);
-- never contacted, the customer's start date or the day it was added. ?3: the page's customer ids.
-- Two index range scans per customer (touchpoints_customer_at_idx, agent_activity_log_email_sent_idx).
SELECT c.id, contact.last_contact,
       coalesce((contact.last_contact AT TIME ZONE 'UTC')::date, c.start_date, (c.created_at AT TIME ZONE 'UTC')::date)
         AS silent_since
FROM customers c
CROSS JOIN LATERAL (
  SELECT greatest(
    (SELECT max(t.at) FROM touchpoints t WHERE t.customer_id = c.id AND t.at < ?),
    (SELECT max(l.created_at) FROM agent_activity_log l
      WHERE l.customer_id = c.id AND l.action = 'email_sent' AND l.created_at < ?)) AS last_contact
) contact
WHERE c.id = ANY(?)
