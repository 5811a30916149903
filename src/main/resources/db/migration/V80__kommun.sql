-- Every stored row belongs to one kommun: its four-digit municipality code, as Kolada and SCB use.
--
-- The kommun leads every primary key, unique constraint and unique index, and the foreign keys that refer to them:
-- a key of one kommun can never collide with or point into another's, and it is the layout a distributed
-- PostgreSQL needs to keep a kommun's rows together (Citus: every table distributed by kommun, co-located; README,
-- "Kommuner"). Every lookup of the service is scoped to its kommuner anyway (row-level security, V81), so the
-- other indexes lead with the kommun too.
--
-- Rows already stored move into the kommun they belong to. The first catalogs hung everything on Kalmar's
-- organisation, so a row is Kalmar's (0880) unless its org unit is one of another shipped kommun's: those units'
-- ids carry their kommun's slug (the catalog loader keeps unit ids unique across the installation), which is the
-- one thing SQL can tell without the catalog. A row without a unit of its own takes the kommun of the row it
-- belongs to (a revision its measurement's, an audit event its alert's or silence's, an attempt its email's). A
-- silence that names neither unit nor kommun-owned indicator, and a daily email count of a recipient with no
-- email left in the outbox, stay Kalmar's: before kommuner there was only Kalmar's organisation to mean.
-- analyses (V70) was born with its kommun (kommun_code) and only gets it into its primary key.

CREATE FUNCTION pg_temp.kommun_of(id text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN id LIKE 'eskilstuna-%' THEN '0484'
              WHEN id LIKE 'herrljunga-%' THEN '1466'
              WHEN id LIKE 'laholm-%' THEN '1381'
              ELSE '0880' END
$$;

ALTER TABLE measurement_revision DROP CONSTRAINT measurement_revision_measurement_id_fkey;
ALTER TABLE alert_event DROP CONSTRAINT alert_event_alert_id_fkey;
ALTER TABLE alert_event DROP CONSTRAINT alert_event_silence_id_fkey;
ALTER TABLE notification_attempt DROP CONSTRAINT notification_attempt_outbox_id_fkey;

ALTER TABLE measurement ADD COLUMN kommun text;
UPDATE measurement SET kommun = pg_temp.kommun_of(org_unit_id);

ALTER TABLE measurement_revision ADD COLUMN kommun text;
UPDATE measurement_revision r SET kommun = m.kommun FROM measurement m WHERE m.id = r.measurement_id;

ALTER TABLE alert_series ADD COLUMN kommun text;
UPDATE alert_series SET kommun = pg_temp.kommun_of(org_unit_id);

ALTER TABLE alert ADD COLUMN kommun text;
UPDATE alert SET kommun = pg_temp.kommun_of(org_unit_id);

ALTER TABLE silence ADD COLUMN kommun text;
UPDATE silence SET kommun = pg_temp.kommun_of(coalesce(org_unit_id, indicator_id, ''));

ALTER TABLE alert_event ADD COLUMN kommun text;
UPDATE alert_event e SET kommun = coalesce((SELECT a.kommun FROM alert a WHERE a.id = e.alert_id),
                                           (SELECT s.kommun FROM silence s WHERE s.id = e.silence_id));

ALTER TABLE outbox ADD COLUMN kommun text;
UPDATE outbox o SET kommun = coalesce((SELECT a.kommun FROM alert a WHERE a.id = o.alert_id),
                                      pg_temp.kommun_of(o.org_unit));

ALTER TABLE notification_attempt ADD COLUMN kommun text;
UPDATE notification_attempt n SET kommun = o.kommun FROM outbox o WHERE o.id = n.outbox_id;

ALTER TABLE notification_daily_count ADD COLUMN kommun text;
UPDATE notification_daily_count c
   SET kommun = coalesce((SELECT o.kommun FROM outbox o WHERE lower(o.recipient) = lower(c.recipient)
                           ORDER BY o.id DESC LIMIT 1), '0880');

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['measurement', 'measurement_revision', 'alert_series', 'alert', 'silence', 'alert_event',
                           'outbox', 'notification_attempt', 'notification_daily_count'] LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN kommun SET NOT NULL', t);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (kommun ~ ''^[0-9]{4}$'')', t, t || '_kommun_code');
  END LOOP;
END;
$$;

ALTER TABLE measurement DROP CONSTRAINT measurement_pkey, ADD PRIMARY KEY (kommun, id);
ALTER TABLE measurement DROP CONSTRAINT measurement_key,
  ADD CONSTRAINT measurement_key UNIQUE (kommun, indicator_id, org_unit_id, gender, period);
DROP INDEX measurement_series;
CREATE INDEX measurement_series ON measurement (kommun, indicator_id, org_unit_id, gender, period_start, period_end);

ALTER TABLE measurement_revision DROP CONSTRAINT measurement_revision_pkey, ADD PRIMARY KEY (kommun, id);
ALTER TABLE measurement_revision DROP CONSTRAINT measurement_revision_once,
  ADD CONSTRAINT measurement_revision_once UNIQUE (kommun, measurement_id, revision);
ALTER TABLE measurement_revision ADD CONSTRAINT measurement_revision_measurement
  FOREIGN KEY (kommun, measurement_id) REFERENCES measurement (kommun, id);

ALTER TABLE alert_series DROP CONSTRAINT alert_series_pkey, ADD PRIMARY KEY (kommun, indicator_id, org_unit_id);

ALTER TABLE alert DROP CONSTRAINT alert_pkey, ADD PRIMARY KEY (kommun, id);
DROP INDEX alert_one_open_breach_per_series;
CREATE UNIQUE INDEX alert_one_open_breach_per_series ON alert (kommun, indicator_id, org_unit_id, gender)
  WHERE kind = 'breach' AND state IN ('pending', 'firing');
DROP INDEX alert_one_missing_report_per_period;
CREATE UNIQUE INDEX alert_one_missing_report_per_period ON alert (kommun, indicator_id, org_unit_id, period)
  WHERE kind = 'missing-report';
DROP INDEX alert_by_state;
CREATE INDEX alert_by_state ON alert (kommun, state, id);
DROP INDEX alert_by_unit;
CREATE INDEX alert_by_unit ON alert (kommun, org_unit_id, id);
DROP INDEX alert_open_by_pair;
CREATE INDEX alert_open_by_pair ON alert (kommun, indicator_id, org_unit_id) WHERE state IN ('pending', 'firing');
DROP INDEX alert_open_unacknowledged;
CREATE INDEX alert_open_unacknowledged ON alert (kommun, id) WHERE state = 'firing' AND acknowledged_at IS NULL;
DROP INDEX alert_pending_due;
CREATE INDEX alert_pending_due ON alert (kommun, fire_at) WHERE state = 'pending' AND fire_at IS NOT NULL;
DROP INDEX alert_settling_due;
CREATE INDEX alert_settling_due ON alert (kommun, settle_until)
  WHERE state IN ('pending', 'firing') AND settle_until IS NOT NULL;

ALTER TABLE silence DROP CONSTRAINT silence_pkey, ADD PRIMARY KEY (kommun, id);
DROP INDEX silence_unended;
CREATE INDEX silence_unended ON silence (kommun, ends_at) WHERE ended_at IS NULL;

ALTER TABLE alert_event DROP CONSTRAINT alert_event_pkey, ADD PRIMARY KEY (kommun, id);
ALTER TABLE alert_event ADD CONSTRAINT alert_event_alert FOREIGN KEY (kommun, alert_id) REFERENCES alert (kommun, id);
ALTER TABLE alert_event ADD CONSTRAINT alert_event_silence
  FOREIGN KEY (kommun, silence_id) REFERENCES silence (kommun, id);
DROP INDEX alert_event_by_alert;
CREATE INDEX alert_event_by_alert ON alert_event (kommun, alert_id, id) WHERE alert_id IS NOT NULL;
DROP INDEX alert_event_by_silence;
CREATE INDEX alert_event_by_silence ON alert_event (kommun, silence_id, id) WHERE silence_id IS NOT NULL;

ALTER TABLE outbox DROP CONSTRAINT outbox_pkey, ADD PRIMARY KEY (kommun, id);
ALTER TABLE outbox DROP CONSTRAINT outbox_dedupe_key_key, ADD CONSTRAINT outbox_dedupe_key UNIQUE (kommun, dedupe_key);
DROP INDEX outbox_open_by_recipient;
CREATE INDEX outbox_open_by_recipient ON outbox (kommun, recipient, id) WHERE state IN ('pending', 'sending', 'folded');
DROP INDEX outbox_pending_due;
CREATE INDEX outbox_pending_due ON outbox (kommun, next_attempt_at) WHERE state = 'pending';
DROP INDEX outbox_by_state;
CREATE INDEX outbox_by_state ON outbox (kommun, state, id);
DROP INDEX outbox_by_claim;
CREATE INDEX outbox_by_claim ON outbox (kommun, claim_token) WHERE claim_token IS NOT NULL;

ALTER TABLE notification_attempt DROP CONSTRAINT notification_attempt_pkey, ADD PRIMARY KEY (kommun, id);
ALTER TABLE notification_attempt ADD CONSTRAINT notification_attempt_outbox
  FOREIGN KEY (kommun, outbox_id) REFERENCES outbox (kommun, id) ON DELETE CASCADE;
DROP INDEX notification_attempt_by_outbox;
CREATE INDEX notification_attempt_by_outbox ON notification_attempt (kommun, outbox_id, id);

ALTER TABLE notification_daily_count DROP CONSTRAINT notification_daily_count_pkey,
  ADD PRIMARY KEY (kommun, recipient, day);

ALTER TABLE analyses DROP CONSTRAINT analyses_pkey, ADD PRIMARY KEY (kommun_code, id);

-- The Grafana views show every row's kommun (as their last column, so that the views keep their shape), and each
-- dashboard shows one kommun at a time by its kommun variable. The joins stay within one kommun.
CREATE OR REPLACE VIEW grafana_measurement AS
SELECT m.indicator_id,
       m.org_unit_id,
       m.gender,
       m.period,
       m.period_type,
       m.period_start,
       m.period_end,
       m.period_end::timestamp AT TIME ZONE 'UTC' AS period_end_at,
       m.value,
       m.target_text,
       m.target_value,
       m.warning_value,
       m.result,
       CASE m.result WHEN 'met' THEN 2 WHEN 'partly-met' THEN 1 WHEN 'not-met' THEN 0 ELSE -1 END AS result_code,
       CASE m.result WHEN 'met' THEN 'uppfyllt' WHEN 'partly-met' THEN 'delvis uppfyllt'
                     WHEN 'not-met' THEN 'ej uppfyllt' ELSE 'inget mål' END AS result_sv,
       CASE m.trend WHEN 'better' THEN 'bättre' WHEN 'unchanged' THEN 'oförändrad' WHEN 'worse' THEN 'sämre' END AS trend_sv,
       m.previous_value,
       m.revision,
       m.source,
       m.updated_at,
       m.kommun
  FROM measurement m;

CREATE OR REPLACE VIEW grafana_measurement_revision AS
SELECT m.indicator_id,
       m.org_unit_id,
       m.gender,
       m.period,
       m.period_start,
       m.period_end,
       r.revision,
       r.value,
       r.target_text,
       CASE r.result WHEN 'met' THEN 'uppfyllt' WHEN 'partly-met' THEN 'delvis uppfyllt'
                     WHEN 'not-met' THEN 'ej uppfyllt' ELSE 'inget mål' END AS result_sv,
       r.source,
       r.recorded_at,
       r.replaced_at,
       r.replaced_by_source,
       m.value AS current_value,
       m.revision AS current_revision,
       r.kommun
  FROM measurement_revision r
  JOIN measurement m ON m.kommun = r.kommun AND m.id = r.measurement_id;

CREATE OR REPLACE VIEW grafana_alert AS
SELECT a.id,
       a.kind,
       a.indicator_id,
       a.org_unit_id,
       a.gender,
       a.state,
       a.severity,
       a.state IN ('pending', 'firing') AS open,
       CASE a.state WHEN 'pending' THEN 'väntande' WHEN 'firing' THEN 'aktivt'
                    WHEN 'resolved' THEN 'åtgärdat' ELSE 'avbrutet' END AS state_sv,
       CASE a.severity WHEN 'critical' THEN 'kritiskt' WHEN 'warning' THEN 'varning'
                       ELSE 'rapportering saknas' END AS severity_sv,
       a.period,
       a.value,
       a.target_text,
       a.opened_at,
       a.firing_since,
       a.closed_at,
       a.recipient_role,
       a.recipient_unit,
       a.escalation_level,
       a.escalated_at,
       a.reminders,
       a.acknowledged_at,
       a.acknowledged_by,
       a.escalated_at IS NOT NULL AS escalated,
       a.escalation_level > 0 AND a.escalated_at IS NULL AS unit_without_manager,
       grafana_sv_addressed_above(a.escalation_level, a.escalated_at) AS addressed_above_sv,
       a.kommun
  FROM alert a;

CREATE OR REPLACE VIEW grafana_alert_event AS
SELECT e.id,
       e.at,
       e.alert_id,
       a.indicator_id,
       a.org_unit_id,
       a.gender,
       e.kind,
       CASE e.kind WHEN 'transition' THEN 'tillståndsändring' WHEN 'severity-change' THEN 'ändrad allvarlighet'
                   WHEN 'acknowledgement' THEN 'kvittering' WHEN 'escalation' THEN 'eskalering'
                   WHEN 'reminder' THEN 'påminnelse' WHEN 'first-notice' THEN 'första meddelandet'
                   WHEN 'silence-created' THEN 'tystnad skapad' WHEN 'silence-ended' THEN 'tystnad avslutad'
                   WHEN 'silence-expired' THEN 'tystnad löpte ut' WHEN 'notice-dropped' THEN 'mejl inte skickat'
                   WHEN 'target-missing' THEN 'målvärde saknas för perioden' ELSE e.kind END AS kind_sv,
       e.from_state,
       e.to_state,
       e.severity,
       e.silenced,
       e.cause,
       e.actor,
       grafana_sv_alert_state(e.from_state) AS from_state_sv,
       grafana_sv_alert_state(e.to_state) AS to_state_sv,
       grafana_sv_cause(e.cause) AS cause_sv,
       grafana_sv_actor(e.actor) AS actor_sv,
       CASE WHEN e.silenced THEN 'ja' ELSE 'nej' END AS silenced_sv,
       e.kommun
  FROM alert_event e
  LEFT JOIN alert a ON a.kommun = e.kommun AND a.id = e.alert_id;

CREATE OR REPLACE VIEW grafana_outbox AS
SELECT o.id,
       o.kind,
       o.state,
       CASE o.state WHEN 'pending' THEN 'väntar' WHEN 'sending' THEN 'skickas' WHEN 'sent' THEN 'skickat'
                    WHEN 'dead' THEN 'gav upp' WHEN 'folded' THEN 'samlas i sammanfattning'
                    WHEN 'dropped' THEN 'inte skickat: inte längre aktuellt' ELSE o.state END AS state_sv,
       o.role,
       o.org_unit,
       o.alert_id,
       o.attempts,
       o.created_at,
       o.sent_at,
       o.last_outcome,
       grafana_sv_notification_kind(o.kind) AS kind_sv,
       grafana_sv_email_outcome(o.last_outcome) AS last_outcome_sv,
       o.kommun
  FROM outbox o;
