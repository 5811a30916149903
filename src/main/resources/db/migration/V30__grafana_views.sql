-- Views for Grafana's PostgreSQL data source (grafana/provisioning/datasources): the dashboards read only these, so
-- they depend on one stable shape rather than on the tables' internals, and a read-only role for Grafana needs SELECT
-- on these views and nothing else. Words a leader reads are Swedish here, once, instead of in every panel.

-- Every period's current value of every series, with the målvärde it was judged against.
CREATE VIEW grafana_measurement AS
SELECT m.indicator_id,
       m.org_unit_id,
       m.gender,
       m.period,
       m.period_type,
       m.period_start,
       m.period_end,
       -- the instant Grafana draws the period at: its last day
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
       m.updated_at
  FROM measurement m;

-- Every value that a revision replaced, next to the series it belongs to.
CREATE VIEW grafana_measurement_revision AS
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
       m.revision AS current_revision
  FROM measurement_revision r
  JOIN measurement m ON m.id = r.measurement_id;

-- Every alert episode, open or closed, with who is addressed, who acknowledged and how far it was escalated.
CREATE VIEW grafana_alert AS
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
       a.acknowledged_by
  FROM alert a;

-- The audit trail of the alerts, next to the series each event belongs to.
CREATE VIEW grafana_alert_event AS
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
       e.actor
  FROM alert_event e
  LEFT JOIN alert a ON a.id = e.alert_id;

-- Emails: what was queued for whom (by role) and how delivery went; never the message content.
CREATE VIEW grafana_outbox AS
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
       o.last_outcome
  FROM outbox o;
