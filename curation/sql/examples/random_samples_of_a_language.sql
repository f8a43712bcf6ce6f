-- Five random samples of Yoruba (yor_Latn), reproducible (fixed seed); edit the code for another language.
-- The filter sits in a subquery: USING SAMPLE applies to the FROM clause, i.e. before a WHERE beside it.
SELECT sample_id, source, task, query, positive, label
FROM (SELECT * FROM samples WHERE lang = 'yor_Latn')
USING SAMPLE 5 ROWS (reservoir, 42);
