-- Every catalog the installation has run, so that all instances judge under the same one. Installation-wide, not per
-- kommun: the catalog is one set of files (the national definitions every kommun shares and each kommun's folder),
-- loaded, validated and put in force as a whole, so its version names the whole set. What differs per kommun, which
-- of its målvärden changed, is in catalog_rejudge below, keyed by kommun.
CREATE TABLE catalog_version (
  version      bigint      PRIMARY KEY CHECK (version >= 1),
  content_hash text        NOT NULL,
  targets      jsonb       NOT NULL,
  accepted_at  timestamptz NOT NULL,
  accepted_by  text        NOT NULL CHECK (accepted_by IN ('start', 'reload'))
);

COMMENT ON COLUMN catalog_version.content_hash IS 'SHA-256 of the catalog files (national/, kommuner/), path and content';
COMMENT ON COLUMN catalog_version.targets IS '{"<kommun>/<indicator>": SHA-256 of its målvärden}: what a change re-judges';
COMMENT ON COLUMN catalog_version.accepted_by IS 'start: an instance started with files no version had; reload: the API';

-- The open periods of the indicators whose målvärden a new version changed, re-judged once across all instances:
-- the instance that claims the row (done_at still empty, under its row lock) re-judges in the same transaction.
CREATE TABLE catalog_rejudge (
  kommun     text        NOT NULL CHECK (kommun ~ '^[0-9]{4}$'),
  version    bigint      NOT NULL REFERENCES catalog_version (version),
  indicators text[]      NOT NULL,
  created_at timestamptz NOT NULL,
  done_at    timestamptz,
  rejudged   integer     CHECK (rejudged >= 0),
  CONSTRAINT catalog_rejudge_key PRIMARY KEY (kommun, version)
);

CREATE INDEX catalog_rejudge_pending ON catalog_rejudge (version) WHERE done_at IS NULL;

-- The catalog version each evaluation was made under; empty for values judged before versions were recorded.
ALTER TABLE measurement ADD COLUMN catalog_version bigint;
ALTER TABLE measurement_revision ADD COLUMN catalog_version bigint;
COMMENT ON COLUMN measurement.catalog_version IS 'catalog_version.version the result was judged under';
