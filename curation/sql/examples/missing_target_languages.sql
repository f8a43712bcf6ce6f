-- Which target languages have no data at all, highest tier first?
SELECT code, name, tier
FROM coverage
WHERE target AND samples = 0
ORDER BY CASE tier WHEN 'high' THEN 0 WHEN 'mid' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, code;
