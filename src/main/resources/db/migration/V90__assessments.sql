-- A bedömning: the verdict a kommun's administrator records by hand for an indicator at a unit, or a goal, and a
-- period, where the nämnd judges a mixed picture itself ("delvis uppfyllt: tre av fem verksamhetsområden ökade").
-- It stands beside the computed verdict and never replaces it. Every version is kept: a changed bedömning is a new row
-- with the next version number; the newest is the one in force. Append-only, enforced below, so the history is the
-- audit trail.
--
-- The kommun leads every key, as in every table of the service: a subject belongs to exactly one kommun's catalog.
CREATE TABLE assessment (
  kommun       text        NOT NULL CHECK (kommun ~ '^[0-9]{4}$'),
  id           bigserial   NOT NULL,
  subject_kind text        NOT NULL CHECK (subject_kind IN ('indicator', 'goal')),
  subject_id   text        NOT NULL,
  org_unit_id  text        NOT NULL,
  period       text        NOT NULL,
  period_start date        NOT NULL,
  period_end   date        NOT NULL CHECK (period_end >= period_start),
  version      integer     NOT NULL CHECK (version >= 1),
  result       text        NOT NULL CHECK (result IN ('met', 'partly-met', 'not-met')),
  motivation   text        NOT NULL CHECK (char_length(motivation) BETWEEN 1 AND 4000),
  assessed_by  text        NOT NULL CHECK (char_length(assessed_by) BETWEEN 1 AND 200),
  recorded_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (kommun, id),
  CONSTRAINT assessment_one_row_per_version
    UNIQUE (kommun, subject_kind, subject_id, org_unit_id, period, version)
);

-- the newest period of a subject first: the status shows a goal's latest bedömning
CREATE INDEX assessment_by_subject_period_end
  ON assessment (kommun, subject_kind, subject_id, org_unit_id, period_end DESC, version DESC);

COMMENT ON COLUMN assessment.org_unit_id IS 'the unit judged; for a goal the kommun''s root unit unless a unit is named';
COMMENT ON COLUMN assessment.assessed_by IS 'who made the bedömning, as the kommun writes it (nämnd, role); checked for personnummer';
COMMENT ON COLUMN assessment.motivation IS 'free text checked for personnummer before it is stored';
COMMENT ON COLUMN assessment.recorded_by IS 'admin:<key name> of the key that recorded it';

CREATE FUNCTION assessment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'assessment keeps every version: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER assessment_no_update_or_delete BEFORE UPDATE OR DELETE ON assessment
  FOR EACH ROW EXECUTE FUNCTION assessment_append_only();
CREATE TRIGGER assessment_no_truncate BEFORE TRUNCATE ON assessment
  FOR EACH STATEMENT EXECUTE FUNCTION assessment_append_only();
