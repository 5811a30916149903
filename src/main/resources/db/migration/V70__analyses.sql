-- The responsible chef's analysis and planned actions for one indicator, unit and period, as the follow-up report
-- prints them ("Analys", "Åtgärder"). Every version is kept: a new text is a new row with the next version number,
-- so the report shows the newest and the history shows who wrote what and when. Append-only, enforced below.
CREATE TABLE analyses (
  id           bigserial   PRIMARY KEY,
  kommun_code  text        NOT NULL CHECK (kommun_code ~ '^[0-9]{4}$'),
  indicator_id text        NOT NULL,
  org_unit_id  text        NOT NULL,
  period       text        NOT NULL,
  version      integer     NOT NULL CHECK (version >= 1),
  analysis     text        NOT NULL,
  actions      text        NOT NULL,
  author       text        NOT NULL,
  written_at   timestamptz NOT NULL,
  CONSTRAINT analyses_one_row_per_version UNIQUE (kommun_code, indicator_id, org_unit_id, period, version)
);

COMMENT ON COLUMN analyses.author IS 'admin:<key name> or link:<recipient address of the signed link>';
COMMENT ON COLUMN analyses.analysis IS 'free text checked for personnummer before it is stored';

CREATE FUNCTION analyses_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'analyses keeps every version: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER analyses_no_update_or_delete BEFORE UPDATE OR DELETE ON analyses
  FOR EACH ROW EXECUTE FUNCTION analyses_append_only();
CREATE TRIGGER analyses_no_truncate BEFORE TRUNCATE ON analyses
  FOR EACH STATEMENT EXECUTE FUNCTION analyses_append_only();
