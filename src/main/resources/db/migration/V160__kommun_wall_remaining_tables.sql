-- The second wall (V81) on the tables that came after it and hold a kommun's data: a kommun's bedömningar
-- (assessment, V90), its re-judging work after a catalog change (catalog_rejudge, V100) and its yearly decision about
-- lapsed målvärden with the catalog owner's address (missing_targets_list, V110). As in V81: a transaction sees and
-- writes only the rows of the kommuner it names (indikatorvakt_kommuner()), and FORCE binds the tables' owner too.
--
-- The other tables stay outside the wall, by what they hold:
--   catalog_version (V100)   the installation's catalog as a whole: one set of files (the national definitions and
--                            every kommun's folder) loaded and put in force at once, so a version names all of them
--                            and every instance must read the newest whatever its kommuner; a kommun's part of a
--                            change is its catalog_rejudge row.
--   kolada_comparison (V120) Kolada's values of every Swedish municipality, which Kolada publishes openly: comparison
--                            data that every kommun's "topp N" målvärde is ranked against, no kommun's own data (a
--                            kommun's own values are imported into measurement, behind the wall).
--   installation (V50)       the one row naming this installation (its id in email Message-IDs); the service may
--                            only read it (V81).
--
-- Nothing moves here: the policies only decide who sees the rows that are there, and constraints are unchanged.

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['assessment', 'catalog_rejudge', 'missing_targets_list'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY kommun_isolation ON %I USING (kommun = ANY (indikatorvakt_kommuner())) '
                   'WITH CHECK (kommun = ANY (indikatorvakt_kommuner()))', t);
  END LOOP;
END;
$$;

-- Grafana's reader reads the bedömningar through grafana_assessment (V150 granted it the view and the table; the view
-- is security_invoker): like the other tables of the dashboards, it reads every kommun's, and each dashboard filters
-- by its kommun variable. It reads neither the re-judging queue nor the yearly decisions.
CREATE POLICY reader_sees_every_kommun ON assessment FOR SELECT TO indikatorvakt_reader USING (true);
