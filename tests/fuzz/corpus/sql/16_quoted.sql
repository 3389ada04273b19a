DROP TABLE IF EXISTS "weird;name", "s"."t""q" CASCADE;
DROP FUNCTION IF EXISTS f(int, text);
