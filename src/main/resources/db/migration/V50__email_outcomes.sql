-- This installation's identity, made once when the schema is created: Message-IDs carry it, so that two
-- installations, or one whose database was recreated, never send two different emails under one Message-ID.
CREATE TABLE installation (
  id         uuid        PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  only_one   boolean     NOT NULL DEFAULT true UNIQUE CHECK (only_one)
);
INSERT INTO installation (id) VALUES (gen_random_uuid());

-- New kinds of email: an alert acknowledged (told to everyone who heard of it), and a period without målvärde
-- (an outcome of its own, not a resolution). A queued alarm whose alert was silenced, acknowledged or closed before
-- it went out is dropped at claim time, recorded here and in the alert's audit trail.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('firing', 'resolved', 'reminder', 'escalation', 'missing-report', 'acknowledged', 'target-missing'));
ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
  CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'folded', 'dropped'));
ALTER TABLE notification_attempt DROP CONSTRAINT notification_attempt_outcome_check;
ALTER TABLE notification_attempt ADD CONSTRAINT notification_attempt_outcome_check
  CHECK (outcome IN ('sent', 'written', 'temporary-failure', 'permanent-failure', 'unreachable', 'folded', 'dropped'));

-- Everyone an alarm email was queued for (first recipient, reminders, each escalation level), so that each of them
-- hears how it ended and who took it, once.
ALTER TABLE alert ADD COLUMN told jsonb NOT NULL DEFAULT '[]';
COMMENT ON COLUMN alert.told IS 'every addressee an alarm email was queued for: [{email, role, unit, level}]';

-- A change that must settle before it is judged: a revised period, or a recovery sooner than the minimum firing
-- time after the alert fired. The scheduler judges the series again at this time.
ALTER TABLE alert ADD COLUMN settle_until timestamptz;
CREATE INDEX alert_settling_due ON alert (settle_until) WHERE state IN ('pending', 'firing') AND settle_until IS NOT NULL;

ALTER TABLE alert_event DROP CONSTRAINT alert_event_kind_check;
ALTER TABLE alert_event ADD CONSTRAINT alert_event_kind_check
  CHECK (kind IN ('transition', 'severity-change', 'acknowledgement', 'escalation', 'reminder', 'first-notice',
                  'silence-created', 'silence-ended', 'silence-expired', 'notice-dropped', 'target-missing'));

-- The dashboards' Swedish words for the new codes (the functions and views of V36, extended; same columns).
CREATE OR REPLACE FUNCTION grafana_sv_cause(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code
    WHEN 'breach' THEN 'värdet når inte målvärdet'
    WHEN 'breach-persisted' THEN 'målvärdet inte nått flera perioder i följd'
    WHEN 'breach-lasted' THEN 'målvärdet inte nått tillräckligt länge'
    WHEN 'severity-rose' THEN 'allvarligare'
    WHEN 'severity-fell' THEN 'mindre allvarligt'
    WHEN 'recovered' THEN 'värdet når målvärdet igen'
    WHEN 'revision' THEN 'värdet rättades'
    WHEN 'no-target' THEN 'inget målvärde för perioden'
    WHEN 'target-missing' THEN 'målvärde saknas för perioden'
    WHEN 'notice-outdated' THEN 'mejlet var inte längre aktuellt'
    WHEN 'cleared' THEN 'gick över innan larmet utlöstes'
    WHEN 'report-missing' THEN 'rapportering saknas'
    WHEN 'reported' THEN 'värdet har rapporterats'
    WHEN 'escalation-due' THEN 'inte kvitterat i tid: eskalerat'
    WHEN 'reminder-due' THEN 'inte kvitterat: påminnelse'
    WHEN 'first-notice' THEN 'första meddelandet'
    WHEN 'acknowledged-by-api' THEN 'kvitterat via API'
    WHEN 'acknowledged-by-link' THEN 'kvitterat via länk i e-post'
    WHEN 'silence-created' THEN 'tystnad skapad'
    WHEN 'silence-ended' THEN 'tystnad avslutad'
    WHEN 'silence-expired' THEN 'tystnad löpte ut'
    ELSE code END
$$;

CREATE OR REPLACE FUNCTION grafana_sv_actor(actor text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN actor = 'scheduler' THEN 'schemaläggaren'
    WHEN actor = 'outbox' THEN 'e-postutskicket'
    WHEN actor LIKE 'source:%' THEN 'källsystem ' || substr(actor, 8)
    WHEN actor LIKE 'link:%' THEN substr(actor, 6)
    WHEN actor LIKE 'admin:%' THEN 'administratör (' || substr(actor, 7) || ')'
    ELSE actor END
$$;

CREATE OR REPLACE FUNCTION grafana_sv_notification_kind(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'firing' THEN 'larm' WHEN 'resolved' THEN 'åter uppfyllt' WHEN 'reminder' THEN 'påminnelse'
                   WHEN 'escalation' THEN 'eskalering' WHEN 'missing-report' THEN 'rapportering saknas'
                   WHEN 'acknowledged' THEN 'kvitterat' WHEN 'target-missing' THEN 'målvärde saknas för perioden'
                   ELSE code END
$$;

CREATE OR REPLACE FUNCTION grafana_sv_email_outcome(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'sent' THEN 'skickat' WHEN 'written' THEN 'sparat som fil' WHEN 'folded' THEN 'samlat i sammanfattning'
                   WHEN 'temporary-failure' THEN 'tillfälligt fel hos e-postservern'
                   WHEN 'permanent-failure' THEN 'e-postservern vägrade'
                   WHEN 'unreachable' THEN 'e-postservern gick inte att nå'
                   WHEN 'dropped' THEN 'inte skickat: inte längre aktuellt' ELSE code END
$$;

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
       CASE WHEN e.silenced THEN 'ja' ELSE 'nej' END AS silenced_sv
  FROM alert_event e
  LEFT JOIN alert a ON a.id = e.alert_id;

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
       grafana_sv_email_outcome(o.last_outcome) AS last_outcome_sv
  FROM outbox o;
