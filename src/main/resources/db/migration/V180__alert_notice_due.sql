-- The scheduler's notices step (first notices, reminders, escalations) reads the firing, unacknowledged alerts whose
-- next notice is due, through an index on that instant, instead of every firing alert of the kommun on every tick.
--
-- notice_due_at is the earliest instant at which EscalationPolicy could decide anything but "nothing" for the alert
-- under the catalog it was computed with (notice_version, catalog_version's number): now while a first notice is
-- owed, the next reminder or escalation, or the next local midnight while nobody is addressable (managers are valid
-- by day); NULL when nothing will come (a warning told once). Every write of an alert sets both; the scheduler sets
-- them again for an alert it found due but left alone. An alert computed under an older catalog version is read once
-- more by the scheduler running a newer one (its intervals, managers or notifyWarnings may differ), so a catalog
-- change is followed as before. The rows stored before this migration have version 0 and are all read again once.
ALTER TABLE alert ADD COLUMN notice_due_at timestamptz;
ALTER TABLE alert ADD COLUMN notice_version bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN alert.notice_due_at IS 'earliest instant the scheduler may have a notice, reminder or escalation '
  'to send for this firing, unacknowledged alert; NULL when none will come';
COMMENT ON COLUMN alert.notice_version IS 'catalog version notice_due_at was computed under; 0 before V180';

CREATE INDEX alert_notice_due ON alert (kommun, notice_due_at) WHERE state = 'firing' AND acknowledged_at IS NULL;
CREATE INDEX alert_notice_version ON alert (kommun, notice_version) WHERE state = 'firing' AND acknowledged_at IS NULL;
