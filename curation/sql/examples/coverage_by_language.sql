-- Which languages do I have, how much, from how many sources? (target languages first, then the rest)
SELECT code, name, tier, target, samples, chars, sources, tasks
FROM coverage
WHERE kind = 'natural'
ORDER BY target DESC, samples DESC, code;
