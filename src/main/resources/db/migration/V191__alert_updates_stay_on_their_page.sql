-- Every new value of a firing breach rewrites its alert row (period, value, streak, measurement). `period` was a key
-- column of alert_one_missing_report_per_period, and PostgreSQL writes a row version in place (a HOT update, no new
-- index entries) only when no indexed column changes, whatever an index's WHERE says: so each of those rewrites added
-- an entry to every index of the table, and the table and its indexes grew by one row version per value. The index
-- now keys a column that holds the period for missing-report alerts only and stays NULL, unchanged, for breaches; and
-- a tenth of each page is left free, so the new version finds room beside the old one.
ALTER TABLE alert ADD COLUMN missing_report_period text
  GENERATED ALWAYS AS (CASE WHEN kind = 'missing-report' THEN period END) STORED;
COMMENT ON COLUMN alert.missing_report_period IS 'missing-report: the period not reported (the key of alert_one_missing_report_per_period); NULL for breaches';

DROP INDEX alert_one_missing_report_per_period;
CREATE UNIQUE INDEX alert_one_missing_report_per_period ON alert (kommun, indicator_id, org_unit_id, missing_report_period)
  WHERE kind = 'missing-report';

ALTER TABLE alert SET (fillfactor = 90);
