package se.indikatorvakt.ingest;

import java.util.Objects;
import se.indikatorvakt.catalog.Gender;

/**
 * What makes a value unique: one current value per indicator, org unit, kön and period.
 *
 * <p>Equality and hash are written out: a batch of 10 000 puts every key into several hash maps, and under the C1-only
 * JIT the service ships with (config/jvm.options) the record's generated methods, called through method handles, made
 * 20 000 map operations take 4.3–7.9 ms against 2.2–4.0 ms written out (building the keys included).
 */
public record MeasurementKey(String indicator, String orgUnit, Gender gender, String period) {
  @Override
  public boolean equals(Object other) {
    return other instanceof MeasurementKey k && gender == k.gender && Objects.equals(period, k.period)
        && Objects.equals(orgUnit, k.orgUnit) && Objects.equals(indicator, k.indicator);
  }

  @Override
  public int hashCode() {
    return ((Objects.hashCode(indicator) * 31 + Objects.hashCode(orgUnit)) * 31 + Objects.hashCode(gender)) * 31
        + Objects.hashCode(period);
  }
}
