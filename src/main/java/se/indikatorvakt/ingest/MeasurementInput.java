package se.indikatorvakt.ingest;

import java.time.Instant;
import java.util.Optional;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;

/**
 * One validated measurement of a request, ready to store.
 *
 * @param index its position in the request (0 for a single object)
 * @param pointer JSON pointer of the item in the request body ("" for a single object, "/3", "/values/0/values/2")
 * @param kommun the code of the kommun the value belongs to: its unit's
 * @param reference the optional free-text reference the source sent as {@code source}
 */
public record MeasurementInput(int index, String pointer, String kommun, Indicator indicator, String orgUnit, Gender gender,
    Period period, double value, Optional<Instant> observedAt, Optional<String> comment,
    Optional<String> reference) {

  public MeasurementKey key() {
    return new MeasurementKey(indicator.id(), orgUnit, gender, period.notation());
  }

  /** The same series one period earlier, whose current value is the reference of the trend. */
  public MeasurementKey previousKey() {
    return new MeasurementKey(indicator.id(), orgUnit, gender, period.previous().notation());
  }
}
