-- V130 filled alert_series.next_report_due for the pairs stored before it, but FORCE row-level security (V81) binds
-- the tables' owner: a migration user that is neither superuser nor BYPASSRLS saw no row of alert_series or
-- measurement, so the update changed nothing and those pairs were never again judged for a missing report.
--
-- The owner lifts FORCE on the two tables for this migration only, moves the data, and FORCEs again: all in the
-- migration's one transaction, whose ALTER TABLEs hold both tables' locks until it commits, so no other session ever
-- sees them without FORCE. (Not forced, row-level security does not bind the table's owner; every other role stays
-- bound throughout.) Every later migration that moves data across kommuner does the same.
--
-- Only pairs without a day are filled, within their own kommun. Under a migration user that V130 did serve, those are
-- the pairs the scheduler has judged since; they become candidates once more and are judged again by the exact rule,
-- which opens no second alert for a period (alert_one_missing_report_per_period) and clears the day again.

ALTER TABLE alert_series NO FORCE ROW LEVEL SECURITY;
ALTER TABLE measurement NO FORCE ROW LEVEL SECURITY;

UPDATE alert_series s
   SET next_report_due = (SELECT max(m.period_end) + 1 FROM measurement m
                           WHERE m.kommun = s.kommun AND m.indicator_id = s.indicator_id
                             AND m.org_unit_id = s.org_unit_id)
 WHERE s.next_report_due IS NULL;

ALTER TABLE measurement FORCE ROW LEVEL SECURITY;
ALTER TABLE alert_series FORCE ROW LEVEL SECURITY;
