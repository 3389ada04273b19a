SET lock_timeout = '5s';
SET LOCAL statement_timeout TO 0;
SELECT setval('s', (SELECT max(id) FROM t));
