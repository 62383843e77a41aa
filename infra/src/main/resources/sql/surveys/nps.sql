-- NPS over the responses in scope: the whole range (month IS NULL) and each calendar month (UTC).
-- NPS = % promoters - % detractors, which is 100 * (promoters - detractors) / responses; numeric
-- round() rounds half away from zero (HALF_UP). No responses: nps is NULL, never 0.
WITH p AS (
  SELECT CAST(? AS timestamptz) AS from_at, CAST(? AS timestamptz) AS to_at, CAST(? AS text) AS segment,
         CAST(? AS text[]) AS csm_ids
), r AS (
  SELECT s.score, date_trunc('month', s.responded_at AT TIME ZONE 'UTC')::date AS month
  FROM survey_responses s
  JOIN customers c ON c.id = s.customer_id
  CROSS JOIN p
  WHERE s.type = 'nps'
    AND (p.from_at IS NULL OR s.responded_at >= p.from_at)
    AND (p.to_at IS NULL OR s.responded_at < p.to_at)
    AND (p.segment IS NULL OR c.segment = p.segment)
    AND (p.csm_ids IS NULL OR c.csm_id = ANY (p.csm_ids))
)
SELECT GROUPING(month) = 1 AS whole_range, month,
       count(*) AS responses,
       count(*) FILTER (WHERE score >= ${promoterMin}) AS promoters,
       count(*) FILTER (WHERE score > ${detractorMax} AND score < ${promoterMin}) AS passives,
       count(*) FILTER (WHERE score <= ${detractorMax}) AS detractors,
       round(100.0 * (count(*) FILTER (WHERE score >= ${promoterMin}) - count(*) FILTER (WHERE score <= ${detractorMax}))
             / nullif(count(*), 0), 1) AS nps
FROM r
GROUP BY ROLLUP (month)
ORDER BY whole_range DESC, month
