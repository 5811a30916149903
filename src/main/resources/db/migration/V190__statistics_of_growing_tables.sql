-- The planner's statistics of the tables every write goes through, kept up with a table that grows fast from empty
-- (a new installation's first imports and loads) instead of waiting for autovacuum, which analyzes a database at most
-- once a minute. Measured on a new database under 32 concurrent single POSTs (PostgreSQL 15, fsync on):
--  * without statistics the planner takes kommun for a selective column, while nearly every row of an installation has
--    the same kommun: it read each key's row through the primary key (kommun, id), which walks every row of the kommun,
--    2 000 to 10 000 buffers per lookup instead of about 100;
--  * with statistics taken while the table held 30 rows, the prepared statements kept the sequential scans chosen for a
--    table of one page (a cached generic plan is not costed again until the table's statistics change) while the table
--    grew to thousands of rows.
-- The service posted 255 values/s instead of 1 150 in its first minute.
--
-- So a listed table is analyzed once it holds more than twice the pages it held when it was last analyzed or vacuumed
-- (or any page, never analyzed): a cached plan is then never costed for less than half the table it runs on, and each
-- ANALYZE makes PostgreSQL plan the statements on that table again. Once a table is large, doubling takes long and
-- autovacuum's own rule (10 % of the rows changed) comes first. The service's role owns no table and may not run
-- ANALYZE, so this function runs as their owner and takes no argument. It answers how many tables it analyzed; an
-- instance that finds another one at it answers 0 and leaves it to that one.
CREATE FUNCTION analyze_grown_tables() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  tables regclass[] := ARRAY['measurement', 'measurement_revision', 'alert', 'alert_series', 'alert_event', 'outbox',
                             'notification_attempt', 'notification_daily_count']::regclass[];
  page integer := current_setting('block_size')::integer;
  t regclass;
  analyzed integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(4935284119123045378) THEN
    RETURN 0;
  END IF;
  FOR t IN SELECT c.oid::regclass FROM pg_class c
            WHERE c.oid = ANY (tables) AND pg_relation_size(c.oid) > 2 * c.relpages::bigint * page LOOP
    EXECUTE format('ANALYZE %s', t);
    analyzed := analyzed + 1;
  END LOOP;
  RETURN analyzed;
END
$$;

REVOKE ALL ON FUNCTION analyze_grown_tables() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_grown_tables() TO indikatorvakt_service;
