-- Each person with a book of customers (or a CSM without one yet), among the given ids (NULL: everyone):
-- the book's health today, its alerts (open now; raised in [from, to) and how fast they were first
-- acted on), pending approvals and open tasks. Expansion opportunities are good news, not alerts.
WITH people AS (
  SELECT u.id, u.name, u.role FROM users u
  WHERE (CAST(? AS text[]) IS NULL OR u.id = ANY(CAST(? AS text[])))
    AND (u.role = 'csm' OR EXISTS (SELECT 1 FROM customers c WHERE c.csm_id = u.id))
),
book AS (
  SELECT c.csm_id, count(*) AS customers, coalesce(sum(c.arr), 0) AS arr,
    count(*) FILTER (WHERE c.health_band = 'green') AS green,
    count(*) FILTER (WHERE c.health_band = 'yellow') AS yellow,
    count(*) FILTER (WHERE c.health_band = 'red') AS red,
    count(*) FILTER (WHERE c.health_band IS NULL) AS unscored,
    count(*) FILTER (WHERE c.health_band = 'red' OR (c.health_band = 'yellow' AND c.health_trend = 'declining')) AS at_risk,
    coalesce(sum(c.arr) FILTER (WHERE c.health_band = 'red' OR (c.health_band = 'yellow' AND c.health_trend = 'declining')), 0)
      AS arr_at_risk
  FROM customers c JOIN people p ON p.id = c.csm_id
  GROUP BY c.csm_id
),
alerts AS (
  SELECT c.csm_id,
    count(*) FILTER (WHERE s.status = 'open') AS open_now,
    count(*) FILTER (WHERE s.status = 'acknowledged') AS acknowledged_now,
    count(*) FILTER (WHERE s.created_at >= CAST(? AS timestamptz) AND s.created_at < CAST(? AS timestamptz)) AS raised,
    count(*) FILTER (WHERE s.created_at >= CAST(? AS timestamptz) AND s.created_at < CAST(? AS timestamptz)
                       AND s.status = 'resolved') AS resolved,
    count(*) FILTER (WHERE s.created_at >= CAST(? AS timestamptz) AND s.created_at < CAST(? AS timestamptz)
                       AND s.status = 'dismissed') AS dismissed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.acknowledged_at - s.created_at))
      FILTER (WHERE s.created_at >= CAST(? AS timestamptz) AND s.created_at < CAST(? AS timestamptz)
                AND s.acknowledged_at IS NOT NULL) AS median_seconds,
    count(*) FILTER (WHERE s.created_at >= CAST(? AS timestamptz) AND s.created_at < CAST(? AS timestamptz)
                       AND extract(epoch FROM s.acknowledged_at - s.created_at) <= ${targetSeconds}) AS within_target
  FROM risk_signals s JOIN customers c ON c.id = s.customer_id JOIN people p ON p.id = c.csm_id
  WHERE s.type <> 'expansion_opportunity'
  GROUP BY c.csm_id
),
pending AS (
  SELECT c.csm_id, count(*) AS approvals
  FROM approvals a JOIN customers c ON c.id = a.customer_id JOIN people p ON p.id = c.csm_id
  WHERE a.status = 'pending'
  GROUP BY c.csm_id
),
work AS (
  SELECT t.assignee_id, count(*) AS open_tasks, count(*) FILTER (WHERE t.due_at < CAST(? AS timestamptz)) AS overdue
  FROM tasks t JOIN people p ON p.id = t.assignee_id
  WHERE t.status = 'open'
  GROUP BY t.assignee_id
)
SELECT p.id, p.name, p.role,
  coalesce(b.customers, 0) AS customers, coalesce(b.arr, 0) AS arr,
  coalesce(b.green, 0) AS green, coalesce(b.yellow, 0) AS yellow, coalesce(b.red, 0) AS red,
  coalesce(b.unscored, 0) AS unscored, coalesce(b.at_risk, 0) AS at_risk, coalesce(b.arr_at_risk, 0) AS arr_at_risk,
  coalesce(a.open_now, 0) AS open_now, coalesce(a.acknowledged_now, 0) AS acknowledged_now,
  coalesce(a.raised, 0) AS raised, coalesce(a.resolved, 0) AS resolved, coalesce(a.dismissed, 0) AS dismissed,
  a.median_seconds, coalesce(a.within_target, 0) AS within_target,
  coalesce(q.approvals, 0) AS pending_approvals, coalesce(w.open_tasks, 0) AS open_tasks,
  coalesce(w.overdue, 0) AS overdue_tasks
FROM people p
LEFT JOIN book b ON b.csm_id = p.id
LEFT JOIN alerts a ON a.csm_id = p.id
LEFT JOIN pending q ON q.csm_id = p.id
LEFT JOIN work w ON w.assignee_id = p.id
ORDER BY coalesce(b.arr_at_risk, 0) DESC, coalesce(a.open_now, 0) DESC, p.id
