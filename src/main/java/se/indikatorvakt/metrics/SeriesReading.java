package se.indikatorvakt.metrics;

import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalDouble;
import se.indikatorvakt.evaluation.Result;

/**
 * One series (indicator × org unit × kön) as the database holds it now: the value of its latest
 * period, the målvärde and warning line it was judged against, its result, and when it was last reported.
 */
record SeriesReading(String indicator, String orgUnit, String gender, double value, Result result,
    OptionalDouble target, OptionalDouble warning, Instant lastReport) {

  SeriesKey key() {
    return new SeriesKey(indicator, orgUnit, gender);
  }

  /** Which series keep their gauges when metrics.maxSeries bites: the ones a leader must see first. */
  static final Comparator<SeriesReading> PRIORITY = Comparator
      .comparingInt((SeriesReading s) -> severityRank(s.result()))
      .thenComparing(SeriesReading::indicator)
      .thenComparing(SeriesReading::orgUnit)
      .thenComparing(SeriesReading::gender);

  private static int severityRank(Result result) {
    return switch (result) {
      case EJ_UPPFYLLT -> 0;
      case DELVIS_UPPFYLLT -> 1;
      case UPPFYLLT -> 2;
      case INGET_MAL -> 3;
    };
  }
}
