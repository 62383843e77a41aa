-- Sentiment inputs of a page of customers as of day d (docs/health.md, "Sentiment"): NPS answers in
-- the 180 days d-179 .. d, CSAT answers in the 90 days d-89 .. d, support tickets opened in the 30
-- days d-29 .. d against the customer's own 150 days before (d-179 .. d-30), and of those 30 days'
-- tickets the high/urgent ones still open and the ones rated low. Days are UTC. A customer without
-- any answer in its windows and without a ticket opened up to d-30 is not in the answer.
WITH params AS (SELECT CAST(? AS date) AS d),
page AS (
  SELECT c.id FROM customers c WHERE true /*scope*/
),
answers AS (
  SELECT sr.customer_id,
         avg(sr.score) FILTER (WHERE sr.type = 'nps') AS nps_mean,
         count(*) FILTER (WHERE sr.type = 'nps') AS nps_answers,
         avg(sr.score) FILTER (WHERE sr.type = 'csat' AND CAST(sr.responded_at AT TIME ZONE 'UTC' AS date) >= p.d - 89) AS csat_mean,
         count(*) FILTER (WHERE sr.type = 'csat' AND CAST(sr.responded_at AT TIME ZONE 'UTC' AS date) >= p.d - 89) AS csat_answers
  FROM params p JOIN page ON true
  JOIN survey_responses sr ON sr.customer_id = page.id
  WHERE CAST(sr.responded_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 179 AND p.d
  GROUP BY sr.customer_id
),
tickets AS (
  SELECT t.customer_id,
         bool_or(CAST(t.opened_at AT TIME ZONE 'UTC' AS date) <= p.d - 30) AS known_before,
         count(*) FILTER (WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 179 AND p.d - 30) AS usual,
         count(*) FILTER (WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 29 AND p.d) AS recent,
         count(*) FILTER (WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 29 AND p.d
                            AND t.status IN ('open', 'pending') AND t.priority = 'high') AS open_high,
         count(*) FILTER (WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 29 AND p.d
                            AND t.status IN ('open', 'pending') AND t.priority = 'urgent') AS open_urgent,
         count(*) FILTER (WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) BETWEEN p.d - 29 AND p.d
                            AND t.csat <= ${lowCsatMax}) AS rated_low
  FROM params p JOIN page ON true
  JOIN support_tickets t ON t.customer_id = page.id
  WHERE CAST(t.opened_at AT TIME ZONE 'UTC' AS date) <= p.d
  GROUP BY t.customer_id
)
SELECT page.id AS customer_id, answers.nps_mean, coalesce(answers.nps_answers, 0) AS nps_answers,
       answers.csat_mean, coalesce(answers.csat_answers, 0) AS csat_answers,
       coalesce(tickets.known_before, false) AS known_before, coalesce(tickets.usual, 0) AS usual,
       coalesce(tickets.recent, 0) AS recent, coalesce(tickets.open_high, 0) AS open_high,
       coalesce(tickets.open_urgent, 0) AS open_urgent, coalesce(tickets.rated_low, 0) AS rated_low
FROM page
LEFT JOIN answers ON answers.customer_id = page.id
LEFT JOIN tickets ON tickets.customer_id = page.id
WHERE answers.nps_answers > 0 OR answers.csat_answers > 0 OR tickets.known_before
