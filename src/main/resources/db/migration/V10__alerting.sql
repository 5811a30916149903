-- The alert lifecycle. Every instance of the service writes here, inside the ingest transaction or a scheduler
-- transaction; the locks and unique indexes below make each state change happen exactly once.

-- One row per (indicator, org unit) that has measurements: every committed measurement passes through alerting in its
-- own transaction, which adds the pair here. Every transaction that may change the alerts of a pair (ingest, the
-- scheduler's promotions and missing reports) first locks its row, in key order, and only then reads the measurements
-- and open alerts: so the one that waits sees what the other committed, whatever the interleaving. GET /status walks
-- these pairs to find every series' latest value through the measurement index.
CREATE TABLE alert_series (
  indicator_id text NOT NULL,
  org_unit_id  text NOT NULL,
  PRIMARY KEY (indicator_id, org_unit_id)
);

-- One row per episode: from the first breaching value (pending) through firing to resolved, or back to inactive when
-- a pending breach clears before it fires. A new breach after that opens a new row, with its own acknowledgement and
-- escalation. Missing reports are episodes too: one per (indicator, unit, period) that was not reported in time.
CREATE TABLE alert (
  id                      bigserial        PRIMARY KEY,
  kind                    text             NOT NULL CHECK (kind IN ('breach', 'missing-report')),
  indicator_id            text             NOT NULL,
  org_unit_id             text             NOT NULL,
  gender                  text             CHECK (gender IN ('T', 'K', 'M')),
  state                   text             NOT NULL CHECK (state IN ('pending', 'firing', 'resolved', 'inactive')),
  severity                text             NOT NULL CHECK (severity IN ('warning', 'critical', 'missing-report')),
  period                  text             NOT NULL,
  period_end              date             NOT NULL,
  value                   double precision,
  result                  text,
  target_text             text,
  target_value            double precision,
  warning_value           double precision,
  trend                   text,
  measurement_id          bigint,
  breach_period           text,
  breach_streak           integer          NOT NULL DEFAULT 0,
  opened_at               timestamptz      NOT NULL,
  fire_at                 timestamptz,
  firing_since            timestamptz,
  closed_at               timestamptz,
  updated_at              timestamptz      NOT NULL,
  notified_severities     text[]           NOT NULL DEFAULT '{}',
  first_notified_at       timestamptz,
  recipient_email         text,
  recipient_role          text,
  recipient_unit          text,
  escalation_level        integer          NOT NULL DEFAULT 0,
  escalated_at            timestamptz,
  last_notified_at        timestamptz,
  reminders               integer          NOT NULL DEFAULT 0,
  acknowledged_at         timestamptz,
  acknowledged_by         text,
  acknowledgement_comment text,
  CHECK (kind = 'missing-report' OR gender IS NOT NULL),
  CHECK ((kind = 'missing-report') = (severity = 'missing-report')),
  CHECK ((state IN ('resolved', 'inactive')) = (closed_at IS NOT NULL))
);

COMMENT ON COLUMN alert.period IS 'breach: the latest period seen while open; missing-report: the period not reported';
COMMENT ON COLUMN alert.breach_period IS 'latest breaching period: a revision of it that removes the breach resolves '
  'at once, without the recovery margin';
COMMENT ON COLUMN alert.fire_at IS 'pending day-level alert: fires at this time if still breaching (breachDurationBeforeFiring)';
COMMENT ON COLUMN alert.notified_severities IS 'severities a firing email was queued for; resolved notices go only to '
  'alerts someone was told about';
COMMENT ON COLUMN alert.recipient_email IS 'who is addressed now: the unit''s manager, after escalation a manager higher up';

-- the guarantee behind "exactly one alert" with several instances: one open breach per series, one missing-report
-- alert per unreported period
CREATE UNIQUE INDEX alert_one_open_breach_per_series ON alert (indicator_id, org_unit_id, gender)
  WHERE kind = 'breach' AND state IN ('pending', 'firing');
CREATE UNIQUE INDEX alert_one_missing_report_per_period ON alert (indicator_id, org_unit_id, period)
  WHERE kind = 'missing-report';
CREATE INDEX alert_by_state ON alert (state, id);
CREATE INDEX alert_by_unit ON alert (org_unit_id, id);
CREATE INDEX alert_open_by_pair ON alert (indicator_id, org_unit_id) WHERE state IN ('pending', 'firing');
CREATE INDEX alert_open_unacknowledged ON alert (id) WHERE state = 'firing' AND acknowledged_at IS NULL;
CREATE INDEX alert_pending_due ON alert (fire_at) WHERE state = 'pending' AND fire_at IS NOT NULL;

-- Matchers absent = any. Rows are never deleted: ending a silence early sets ended_at, so the audit keeps it.
CREATE TABLE silence (
  id           bigserial   PRIMARY KEY,
  indicator_id text,
  org_unit_id  text,
  gender       text        CHECK (gender IN ('T', 'K', 'M')),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  reason       text        NOT NULL,
  author       text        NOT NULL,
  created_at   timestamptz NOT NULL,
  created_by   text        NOT NULL,
  ended_at     timestamptz,
  ended_by     text,
  CHECK (ends_at > starts_at),
  CHECK (indicator_id IS NOT NULL OR org_unit_id IS NOT NULL OR gender IS NOT NULL)
);
COMMENT ON COLUMN silence.ended_at IS 'set when an administrator ended it early, or when the scheduler recorded its expiry';
CREATE INDEX silence_unended ON silence (ends_at) WHERE ended_at IS NULL;

-- The audit trail an IVO inspection or a revisor asks for: every state change, severity change, acknowledgement,
-- escalation, reminder and silence, with time, cause and actor. Append-only, enforced below.
CREATE TABLE alert_event (
  id         bigserial   PRIMARY KEY,
  alert_id   bigint      REFERENCES alert (id),
  silence_id bigint      REFERENCES silence (id),
  at         timestamptz NOT NULL,
  kind       text        NOT NULL CHECK (kind IN ('transition', 'severity-change', 'acknowledgement', 'escalation',
                                                  'reminder', 'first-notice', 'silence-created', 'silence-ended',
                                                  'silence-expired')),
  cause      text        NOT NULL,
  actor      text        NOT NULL,
  from_state text,
  to_state   text,
  severity   text,
  silenced   boolean     NOT NULL DEFAULT false,
  details    jsonb       NOT NULL DEFAULT '{}',
  CHECK (alert_id IS NOT NULL OR silence_id IS NOT NULL)
);
CREATE INDEX alert_event_by_alert ON alert_event (alert_id, id) WHERE alert_id IS NOT NULL;
CREATE INDEX alert_event_by_silence ON alert_event (silence_id, id) WHERE silence_id IS NOT NULL;

CREATE FUNCTION alert_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'alert_event is an append-only audit trail: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER alert_event_no_update_or_delete BEFORE UPDATE OR DELETE ON alert_event
  FOR EACH ROW EXECUTE FUNCTION alert_event_append_only();
CREATE TRIGGER alert_event_no_truncate BEFORE TRUNCATE ON alert_event
  FOR EACH STATEMENT EXECUTE FUNCTION alert_event_append_only();
