-- Kolada's published values of every kommun for the KPIs the catalog names, as imported: the data from which the
-- place of a kommun among all kommuner is computed for a "topp N" målvärde (ingest.KoladaComparison). This is
-- installation-wide reference data, not the data of any kommun of the installation: Kolada publishes every
-- kommun's values openly, so the table has no kommun column and no row-level security. A re-import replaces the
-- value of the same key.
CREATE TABLE kolada_comparison (
  kpi          text             NOT NULL,
  year         integer          NOT NULL,
  gender       text             NOT NULL CHECK (gender IN ('T', 'K', 'M')),
  municipality text             NOT NULL CHECK (municipality ~ '^[0-9]{4}$' AND municipality !~ '^00'),
  value        double precision NOT NULL,
  imported_at  timestamptz      NOT NULL,
  PRIMARY KEY (kpi, year, gender, municipality)
);

COMMENT ON COLUMN kolada_comparison.municipality IS 'Kolada''s four-digit kommun code; Riket (0000) and regions are no kommun';
