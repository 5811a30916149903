-- The dashboards' Swedish word for an alert that opened, cleared or resolved because its målvärde changed (a new
-- catalog version re-judged the stored value); the rest as V50 wrote them.
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
    WHEN 'target-changed' THEN 'målvärdet ändrades'
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

-- An alert event caused by re-judging under a new catalog names that version (actor catalog:<version>).
CREATE OR REPLACE FUNCTION grafana_sv_actor(actor text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN actor = 'scheduler' THEN 'schemaläggaren'
    WHEN actor = 'outbox' THEN 'e-postutskicket'
    WHEN actor LIKE 'catalog:%' THEN 'katalogversion ' || substr(actor, 9)
    WHEN actor LIKE 'source:%' THEN 'källsystem ' || substr(actor, 8)
    WHEN actor LIKE 'link:%' THEN substr(actor, 6)
    WHEN actor LIKE 'admin:%' THEN 'administratör (' || substr(actor, 7) || ')'
    ELSE actor END
$$;
