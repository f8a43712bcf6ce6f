-- Five random samples of Yoruba (yor_Latn), reproducible (fixed seed); edit the code for another language.
SELECT sample_id, source, task, query, positive, label
FROM samples
WHERE lang = 'yor_Latn'
USING SAMPLE 5 ROWS (reservoir, 42);
