-- Which sources and languages got fewer mined negatives than asked, and which filter took them?
SELECT source, lang, samples, fewer_than_24, negatives_per_sample, mean_gap,
       dropped_duplicate, dropped_other_positive, dropped_max_score, dropped_relative
FROM mining_quality
WHERE fewer_than_24 > 0
ORDER BY fewer_than_24 DESC, source, lang
LIMIT 30;
