-- The codes the service stores (firing, breach, acknowledged-by-api, permanent-failure ...) as the Swedish words a
-- leader reads on the dashboards, in one function per kind of code, so that every view and panel says the same and a
-- test can hold each function against every code the service writes. An unknown code is shown as itself, never as a
-- word that could be wrong.

CREATE FUNCTION grafana_sv_alert_state(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'pending' THEN 'väntande' WHEN 'firing' THEN 'aktivt' WHEN 'resolved' THEN 'åtgärdat'
                   WHEN 'inactive' THEN 'inget larm' ELSE code END
$$;

CREATE FUNCTION grafana_sv_cause(code text) RETURNS text
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

CREATE FUNCTION grafana_sv_actor(actor text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN actor = 'scheduler' THEN 'schemaläggaren'
    WHEN actor LIKE 'source:%' THEN 'källsystem ' || substr(actor, 8)
    WHEN actor LIKE 'link:%' THEN substr(actor, 6)
    WHEN actor LIKE 'admin:%' THEN 'administratör (' || substr(actor, 7) || ')'
    ELSE actor END
$$;

CREATE FUNCTION grafana_sv_notification_kind(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'firing' THEN 'larm' WHEN 'resolved' THEN 'åter uppfyllt' WHEN 'reminder' THEN 'påminnelse'
                   WHEN 'escalation' THEN 'eskalering' WHEN 'missing-report' THEN 'rapportering saknas' ELSE code END
$$;

CREATE FUNCTION grafana_sv_email_outcome(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'sent' THEN 'skickat' WHEN 'written' THEN 'sparat som fil' WHEN 'folded' THEN 'samlat i sammanfattning'
                   WHEN 'temporary-failure' THEN 'tillfälligt fel hos e-postservern'
                   WHEN 'permanent-failure' THEN 'e-postservern vägrade'
                   WHEN 'unreachable' THEN 'e-postservern gick inte att nå' ELSE code END
$$;

-- Why an open alert is with a manager above its own unit: escalated because nobody acknowledged it, or addressed
-- there from the start because the unit had no manager that day (which is not a failure to act).
CREATE FUNCTION grafana_sv_addressed_above(escalation_level int, escalated_at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN escalated_at IS NOT NULL THEN 'eskalerat'
              WHEN escalation_level > 0 THEN 'enheten saknade chef den dagen' END
$$;

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
       grafana_sv_addressed_above(a.escalation_level, a.escalated_at) AS addressed_above_sv
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
                   WHEN 'reminder' THEN 'påminnelse' WHEN 'silence-created' THEN 'tystnad skapad'
                   WHEN 'silence-ended' THEN 'tystnad avslutad' ELSE 'tystnad löpte ut' END AS kind_sv,
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
                    WHEN 'dead' THEN 'gav upp' ELSE 'samlas i sammanfattning' END AS state_sv,
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
