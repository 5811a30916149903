package se.indikatorvakt.alerting;

import java.time.Instant;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.evaluation.Evaluation;

/**
 * A measurement created or revised by the ingest transaction, with the evaluation stored next to it.
 *
 * @param retargeted the value is the one stored before, judged again because its målvärden changed
 */
public record EvaluatedMeasurement(long measurementId, Indicator indicator, String orgUnit, Gender gender,
    Period period, double value, Evaluation evaluation, Instant committedAt, boolean retargeted) {}
