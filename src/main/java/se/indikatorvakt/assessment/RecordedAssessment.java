package se.indikatorvakt.assessment;

import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.evaluation.Assessment;

/**
 * One stored version of a bedömning.
 *
 * @param version 1 for the first bedömning of the subject and period, then one more for each new one
 * @param recordedBy {@link #ADMIN} + the name of the key that recorded it
 */
public record RecordedAssessment(long id, String kommun, int version, Period period, String recordedBy,
    Assessment assessment) {
  public static final String ADMIN = "admin:";
}
