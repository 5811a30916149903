-- A second wall behind the service's own checks: PostgreSQL shows and accepts a kommun's rows only in a transaction
-- that names that kommun.
--
-- The service names the kommuner of the work at hand at the start of every transaction, local to it
-- (set_config('indikatorvakt.kommuner', '0880,1466', true), se.indikatorvakt.db.KommunScope); a transaction that
-- names none sees no row and can write none. The policies bind every role but superusers and roles with BYPASSRLS;
-- FORCE binds the tables' owner too. The service's queries besides run as indikatorvakt_service (SET ROLE on every
-- pooled connection): a role that cannot log in, owns nothing and holds only the privileges granted here.
--
-- Roles belong to the PostgreSQL server, not to one database: they are created only where missing. A migration user
-- without CREATEROLE needs them created beforehand by an administrator (README, "Kommuner").

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'indikatorvakt_service') THEN
    CREATE ROLE indikatorvakt_service NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created at the same moment by the migration of another database on the same server
END;
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'indikatorvakt_reader') THEN
    CREATE ROLE indikatorvakt_reader NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END;
$$;

-- the connecting user switches to the service role on every connection, so it must be a member of it
GRANT indikatorvakt_service TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO indikatorvakt_service, indikatorvakt_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO indikatorvakt_service;
REVOKE ALL ON flyway_schema_history FROM indikatorvakt_service;
REVOKE INSERT, UPDATE, DELETE ON installation FROM indikatorvakt_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO indikatorvakt_service;
-- tables and sequences of later migrations, created by the same migration user (each adds its table's policy)
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO indikatorvakt_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO indikatorvakt_service;

-- The kommuner a transaction named, as an array; empty when it named none. STABLE: read once per statement, so an
-- index on kommun serves the policy's condition.
CREATE FUNCTION indikatorvakt_kommuner() RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting('indikatorvakt.kommuner', true), ''), ','), '{}')
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['measurement', 'measurement_revision', 'alert_series', 'alert', 'silence', 'alert_event',
                           'outbox', 'notification_attempt', 'notification_daily_count'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY kommun_isolation ON %I USING (kommun = ANY (indikatorvakt_kommuner())) '
                   'WITH CHECK (kommun = ANY (indikatorvakt_kommuner()))', t);
  END LOOP;
END;
$$;

ALTER TABLE analyses ENABLE ROW LEVEL SECURITY;
ALTER TABLE analyses FORCE ROW LEVEL SECURITY;
CREATE POLICY kommun_isolation ON analyses USING (kommun_code = ANY (indikatorvakt_kommuner()))
  WITH CHECK (kommun_code = ANY (indikatorvakt_kommuner()));

-- Grafana reads the grafana_* views as a member of indikatorvakt_reader (README, "Kommuner"). The views check the
-- privileges and policies of whoever reads them (security_invoker), so they too show nothing to a role without the
-- kommun setting; the reader sees every kommun's rows, and each dashboard filters by its kommun variable. It may
-- read only the columns the views show, never an email address or the text of an email.
ALTER VIEW grafana_measurement SET (security_invoker = true);
ALTER VIEW grafana_measurement_revision SET (security_invoker = true);
ALTER VIEW grafana_alert SET (security_invoker = true);
ALTER VIEW grafana_alert_event SET (security_invoker = true);
ALTER VIEW grafana_outbox SET (security_invoker = true);

GRANT SELECT ON grafana_measurement, grafana_measurement_revision, grafana_alert, grafana_alert_event, grafana_outbox
  TO indikatorvakt_reader;
GRANT SELECT (kommun, id, indicator_id, org_unit_id, gender, period, period_type, period_start, period_end, value,
              target_text, target_value, warning_value, result, trend, previous_value, revision, source, updated_at)
  ON measurement TO indikatorvakt_reader;
GRANT SELECT (kommun, measurement_id, revision, value, target_text, result, source, recorded_at, replaced_at,
              replaced_by_source)
  ON measurement_revision TO indikatorvakt_reader;
GRANT SELECT (kommun, id, kind, indicator_id, org_unit_id, gender, state, severity, period, value, target_text,
              opened_at, firing_since, closed_at, recipient_role, recipient_unit, escalation_level, escalated_at,
              reminders, acknowledged_at, acknowledged_by)
  ON alert TO indikatorvakt_reader;
GRANT SELECT (kommun, id, at, alert_id, kind, from_state, to_state, severity, silenced, cause, actor)
  ON alert_event TO indikatorvakt_reader;
GRANT SELECT (kommun, id, kind, state, role, org_unit, alert_id, attempts, created_at, sent_at, last_outcome)
  ON outbox TO indikatorvakt_reader;

CREATE POLICY reader_sees_every_kommun ON measurement FOR SELECT TO indikatorvakt_reader USING (true);
CREATE POLICY reader_sees_every_kommun ON measurement_revision FOR SELECT TO indikatorvakt_reader USING (true);
CREATE POLICY reader_sees_every_kommun ON alert FOR SELECT TO indikatorvakt_reader USING (true);
CREATE POLICY reader_sees_every_kommun ON alert_event FOR SELECT TO indikatorvakt_reader USING (true);
CREATE POLICY reader_sees_every_kommun ON outbox FOR SELECT TO indikatorvakt_reader USING (true);
