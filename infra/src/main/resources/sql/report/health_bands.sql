-- Each customer's band on its newest scored day within [from, to): a customer scored in the week
-- counts once; one whose newest day has no score (no component had data) counts as unscored.
WITH latest AS (
  SELECT DISTINCT ON (h.customer_id) h.customer_id, h.band
  FROM customer_health h
  WHERE h.as_of >= ? AND h.as_of < ?
  ORDER BY h.customer_id, h.as_of DESC
)
SELECT count(*) FILTER (WHERE band = 'green') AS green,
       count(*) FILTER (WHERE band = 'yellow') AS yellow,
       count(*) FILTER (WHERE band = 'red') AS red,
       count(*) FILTER (WHERE band IS NULL) AS unscored
FROM latest
