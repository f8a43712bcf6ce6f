-- Which sources provide Swahili (swh_Latn), with which tasks and licenses? (edit the code to ask for another)
SELECT s.source, src.license, s.task, count(*) AS samples
FROM samples s LEFT JOIN sources src ON src.name = s.source
WHERE s.lang = 'swh_Latn' OR s.pos_lang = 'swh_Latn'
GROUP BY ALL
ORDER BY samples DESC;
