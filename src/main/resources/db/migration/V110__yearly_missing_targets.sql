-- The yearly list of the målvärden that lapsed at the turn of the year (catalog.MissingTargets), sent to each
-- kommun's catalog owner at the first scheduler tick in January. One decision per kommun and year: the primary key
-- keeps two instances, or one that restarts, from deciding (and mailing) twice; the email's outbox row is written in
-- the transaction of the decision. A year with nothing missing is decided too, without an email.
CREATE TABLE missing_targets_list (
  kommun     text        NOT NULL CHECK (kommun ~ '^[0-9]{4}$'),
  year       integer     NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  decided_at timestamptz NOT NULL,
  missing    integer     NOT NULL CHECK (missing >= 0),
  -- the catalog owner told, and the outbox row's dedupe key; both null when nothing was missing or nobody owns it
  recipient  text,
  dedupe_key text,
  PRIMARY KEY (kommun, year)
);

-- The list is an email about no alert: its outbox row carries alert_id 0, which no alert has (bigserial from 1).
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('firing', 'resolved', 'reminder', 'escalation', 'missing-report', 'acknowledged', 'target-missing',
                  'yearly-targets-missing'));
COMMENT ON COLUMN outbox.alert_id IS 'the alert the email is about; 0 for an email about no alert (the yearly list of missing målvärden)';

CREATE OR REPLACE FUNCTION grafana_sv_notification_kind(code text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code WHEN 'firing' THEN 'larm' WHEN 'resolved' THEN 'åter uppfyllt' WHEN 'reminder' THEN 'påminnelse'
                   WHEN 'escalation' THEN 'eskalering' WHEN 'missing-report' THEN 'rapportering saknas'
                   WHEN 'acknowledged' THEN 'kvitterat' WHEN 'target-missing' THEN 'målvärde saknas för perioden'
                   WHEN 'yearly-targets-missing' THEN 'årets saknade målvärden'
                   ELSE code END
$$;
