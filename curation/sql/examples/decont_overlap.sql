-- Which training sources overlap which evaluation sets, and a few overlapping texts of each (mlcurate decont).
SELECT r.source, r.eval_name, r.eval_split, r.samples, r.overlapping, r.queries, r.pairs, r.passages,
       (SELECT list(left(m.text, 80)) FROM (SELECT text FROM decont_matches m
         WHERE m.source = r.source AND m.eval_name = r.eval_name LIMIT 3) m) AS examples
FROM decont_report r
WHERE r.overlapping > 0
ORDER BY r.overlapping DESC;
