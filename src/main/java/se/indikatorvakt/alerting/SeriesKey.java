package se.indikatorvakt.alerting;

import se.indikatorvakt.catalog.Gender;

/**
 * One series: indicator, org unit, kön. Ordered so that every transaction takes its locks in the same order. The
 * order is written out rather than chained from {@code Comparator.comparing}: grouping the 10 000 values of a batch
 * by series takes about 50 000 comparisons, twice, on the event loop, and under the C1-only JIT each chained step is a
 * call of its own.
 */
record SeriesKey(String indicatorId, String orgUnitId, Gender gender) implements Comparable<SeriesKey> {
  Pair pair() {
    return new Pair(indicatorId, orgUnitId);
  }

  @Override
  public int compareTo(SeriesKey other) {
    int c = indicatorId.compareTo(other.indicatorId);
    if (c == 0) {
      c = orgUnitId.compareTo(other.orgUnitId);
    }
    return c != 0 ? c : gender.compareTo(other.gender);
  }

  /** The lock granularity: all series (and missing reports) of one indicator in one unit. */
  record Pair(String indicatorId, String orgUnitId) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair other) {
      int c = indicatorId.compareTo(other.indicatorId);
      return c != 0 ? c : orgUnitId.compareTo(other.orgUnitId);
    }
  }
}
