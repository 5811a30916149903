-- The current value of every measured key (indicator, org unit, kön, period), with the evaluation that was made
-- against the period's målvärde when the value was written. One row per key: a revision replaces the row and the
-- replaced value moves to measurement_revision, so "current" is a plain lookup and history is never lost.
CREATE TABLE measurement (
  id             bigserial        PRIMARY KEY,
  indicator_id   text             NOT NULL,
  org_unit_id    text             NOT NULL,
  gender         text             NOT NULL CHECK (gender IN ('T', 'K', 'M')),
  period         text             NOT NULL,
  period_type    text             NOT NULL,
  period_start   date             NOT NULL,
  period_end     date             NOT NULL CHECK (period_end >= period_start),
  value          double precision NOT NULL,
  result         text             NOT NULL CHECK (result IN ('met', 'partly-met', 'not-met', 'no-target')),
  target_text    text,
  target_value   double precision,
  warning_value  double precision,
  distance       double precision,
  trend          text             CHECK (trend IN ('better', 'unchanged', 'worse')),
  previous_value double precision,
  source         text             NOT NULL,
  reference      text,
  comment        text,
  observed_at    timestamptz,
  revision       integer          NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_at     timestamptz      NOT NULL,
  updated_at     timestamptz      NOT NULL,
  CONSTRAINT measurement_key UNIQUE (indicator_id, org_unit_id, gender, period)
);

-- Reading a series in time order (GET /measurements, trend tables in emails, gauges); period_end orders the delår
-- periods, which all start on 1 January.
CREATE INDEX measurement_series ON measurement (indicator_id, org_unit_id, gender, period_start, period_end);

COMMENT ON COLUMN measurement.result IS 'evaluation.Result.label(): met | partly-met | not-met | no-target';
COMMENT ON COLUMN measurement.target_text IS 'Target.describeSwedish() of the målvärde the value was judged against';
COMMENT ON COLUMN measurement.distance IS 'signed distance to the target, positive = on the bad side';
COMMENT ON COLUMN measurement.trend IS 'evaluation.Trend in lower case, judged by polarity against previous_value';
COMMENT ON COLUMN measurement.previous_value IS 'current value of the previous period of the same series when written';
COMMENT ON COLUMN measurement.source IS 'source system of the API key that wrote the value';
COMMENT ON COLUMN measurement.reference IS 'free-text reference given by the source (report, line); never a person';
COMMENT ON COLUMN measurement.updated_at IS 'commit time of the current revision';

-- Every value that was replaced by a revision, as it was, with when and by whom it was replaced.
CREATE TABLE measurement_revision (
  id                 bigserial        PRIMARY KEY,
  measurement_id     bigint           NOT NULL REFERENCES measurement (id),
  revision           integer          NOT NULL,
  value              double precision NOT NULL,
  result             text             NOT NULL,
  target_text        text,
  target_value       double precision,
  warning_value      double precision,
  distance           double precision,
  trend              text,
  previous_value     double precision,
  source             text             NOT NULL,
  reference          text,
  comment            text,
  observed_at        timestamptz,
  recorded_at        timestamptz      NOT NULL,
  replaced_at        timestamptz      NOT NULL,
  replaced_by_source text             NOT NULL,
  CONSTRAINT measurement_revision_once UNIQUE (measurement_id, revision)
);
