-- CSAT over the responses in scope, as rows (kind, key): the whole range ('all'), each feature
-- named by a response ('feature'), each category of tickets the customer opened in the range for
-- responses that name no feature ('category': a response counts once under each distinct category,
-- and under none when its customer opened no ticket in the range), and each ISO week, Monday UTC
-- ('week'). Averages are rounded to two decimals half away from zero; low is a score of 1 to ${lowCsatMax}.
WITH p AS (
  SELECT CAST(? AS timestamptz) AS from_at, CAST(? AS timestamptz) AS to_at, CAST(? AS text[]) AS csm_ids
), r AS (
  SELECT s.customer_id, s.score, s.feature_id, s.responded_at
  FROM survey_responses s
  JOIN customers c ON c.id = s.customer_id
  CROSS JOIN p
  WHERE s.type = 'csat'
    AND (p.from_at IS NULL OR s.responded_at >= p.from_at)
    AND (p.to_at IS NULL OR s.responded_at < p.to_at)
    AND (p.csm_ids IS NULL OR c.csm_id = ANY (p.csm_ids))
), grouped AS (
  SELECT 'all' AS kind, NULL AS key, count(*) AS responses, round(avg(score), 2) AS average,
         count(*) FILTER (WHERE score <= ${lowCsatMax}) AS low
  FROM r
  UNION ALL
  SELECT 'feature', feature_id, count(*), round(avg(score), 2), count(*) FILTER (WHERE score <= ${lowCsatMax})
  FROM r WHERE feature_id IS NOT NULL GROUP BY feature_id
  UNION ALL
  SELECT 'category', t.category, count(*), round(avg(r.score), 2), count(*) FILTER (WHERE r.score <= ${lowCsatMax})
  FROM r
  CROSS JOIN p
  JOIN LATERAL (
    SELECT DISTINCT st.category FROM support_tickets st
    WHERE st.customer_id = r.customer_id
      AND (p.from_at IS NULL OR st.opened_at >= p.from_at)
      AND (p.to_at IS NULL OR st.opened_at < p.to_at)
  ) t ON true
  WHERE r.feature_id IS NULL
  GROUP BY t.category
  UNION ALL
  SELECT 'week', to_char(date_trunc('week', responded_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), count(*),
         round(avg(score), 2), count(*) FILTER (WHERE score <= ${lowCsatMax})
  FROM r GROUP BY 2
)
SELECT g.kind, g.key, f.feature_name, g.responses, g.average, g.low
FROM grouped g
LEFT JOIN feature_catalog f ON g.kind = 'feature' AND f.feature_id = g.key
-- weeks in time order, the other groups lowest satisfaction first
ORDER BY g.kind, CASE WHEN g.kind = 'week' THEN g.key END, g.low DESC, g.average, g.key
