package se.indikatorvakt.alerting;

import java.util.Comparator;
import se.indikatorvakt.catalog.Gender;

/** One series: indicator, org unit, kön. Ordered so that every transaction takes its locks in the same order. */
record SeriesKey(String indicatorId, String orgUnitId, Gender gender) implements Comparable<SeriesKey> {
  private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::indicatorId)
      .thenComparing(SeriesKey::orgUnitId).thenComparing(SeriesKey::gender);

  Pair pair() {
    return new Pair(indicatorId, orgUnitId);
  }

  @Override
  public int compareTo(SeriesKey other) {
    return ORDER.compare(this, other);
  }

  /** The lock granularity: all series (and missing reports) of one indicator in one unit. */
  record Pair(String indicatorId, String orgUnitId) implements Comparable<Pair> {
    private static final Comparator<Pair> ORDER = Comparator.comparing(Pair::indicatorId)
        .thenComparing(Pair::orgUnitId);

    @Override
    public int compareTo(Pair other) {
      return ORDER.compare(this, other);
    }
  }
}
