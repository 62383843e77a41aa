WITH i AS (
  SELECT intervention_type, score_after IS NOT NULL AS measured, score_after - score_before AS change,
         score_after IS NOT NULL AND (score_after - score_before >= ${interventionWorkedPoints}
           OR (stage_after IN ('engaged', 'adopted') AND stage_before NOT IN ('engaged', 'adopted'))) AS worked
  FROM adoption_interventions
  WHERE sent_at >= (CAST(? AS date)::timestamp AT TIME ZONE 'UTC')
    AND sent_at < ((CAST(? AS date) + 1)::timestamp AT TIME ZONE 'UTC'))
SELECT intervention_type, count(*) AS total, count(*) FILTER (WHERE measured) AS measured,
       count(*) FILTER (WHERE worked) AS worked, avg(change) AS average_change
FROM i GROUP BY intervention_type ORDER BY intervention_type
