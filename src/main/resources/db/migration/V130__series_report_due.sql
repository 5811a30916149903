-- The scheduler's missing-report step reads only the pairs whose next report is overdue, through an index on that
-- day, instead of walking every (indicator, unit) pair on every tick. next_report_due is the exclusive end of the
-- period after the latest one the pair reported: once that period's deadline (its exclusive end plus the indicator's
-- reportingGrace, which stays in the catalog) has passed without a report, the pair is a candidate. The scheduler
-- clears it when it has judged the pair, and the next reported period sets it again.
ALTER TABLE alert_series ADD COLUMN next_report_due date;
COMMENT ON COLUMN alert_series.next_report_due IS 'exclusive end of the period after the latest reported one; NULL '
  'once the scheduler judged the pair overdue (or not) until its next report';

-- Pairs stored before: the day after their latest period, which is no later than the exclusive end of the next one,
-- so each is judged once more by the exact rule and then follows its reports.
UPDATE alert_series s
   SET next_report_due = (SELECT max(m.period_end) + 1 FROM measurement m
                           WHERE m.indicator_id = s.indicator_id AND m.org_unit_id = s.org_unit_id);

CREATE INDEX alert_series_report_due ON alert_series (indicator_id, next_report_due)
  WHERE next_report_due IS NOT NULL;
