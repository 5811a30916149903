package se.indikatorvakt.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.indikatorvakt.evaluation.GoalRollup;
import se.indikatorvakt.evaluation.Result;

/**
 * Everything the domain gauges show, read from the database in one refresh and never changed
 * afterwards: scrapes read it without locks and every instance that read the same rows shows the same.
 *
 * @param series the series that get gauges, in priority order, at most metrics.maxSeries
 * @param dropped the series left out because of the limit
 * @param seriesByResult every known series counted by (result, kön), including the dropped ones
 * @param goals each goal's roll-up over the kön T series of its indicators ({@link GoalRollup})
 * @param alerts open alerts by (severity, state)
 * @param outbox outbox rows by state (pending, sending, folded, dead)
 * @param oldestUnsent when the oldest pending or sending outbox row was queued (folded rows wait for the digest by design)
 * @param refreshedAt the service clock's time of the refresh
 * @param refreshedNanos {@link System#nanoTime()} at the refresh, to age the outbox between refreshes
 */
record DomainSnapshot(List<SeriesReading> series, List<SeriesReading> dropped,
    Map<Result, Map<String, Integer>> seriesByResult, Map<String, Result> goals, List<AlertCount> alerts,
    Map<String, Long> outbox, Optional<Instant> oldestUnsent, CatalogView catalog, Instant refreshedAt,
    long refreshedNanos) {

  static final List<String> OUTBOX_STATES = List.of("pending", "sending", "folded", "dead");

  /**
   * Open alerts of one severity in one state; acknowledged, escalated and unitWithoutManager are subsets of open.
   *
   * @param escalated escalated because nobody acknowledged them in time
   * @param unitWithoutManager with a manager further up from the start, because their unit had none that day
   */
  record AlertCount(String severity, String state, long open, long acknowledged, long escalated,
      long unitWithoutManager) {}

  static DomainSnapshot of(List<SeriesReading> readings, List<AlertCount> alerts, Map<String, Long> outboxByState,
      Optional<Instant> oldestUnsent, CatalogView catalog, int maxSeries, Instant now, long nowNanos) {
    List<SeriesReading> known = new ArrayList<>();
    for (SeriesReading reading : readings) {
      if (catalog.knows(reading)) {
        known.add(reading);
      }
    }
    known.sort(SeriesReading.PRIORITY);
    int kept = Math.min(maxSeries, known.size());
    Map<String, Long> outbox = new LinkedHashMap<>();
    for (String state : OUTBOX_STATES) {
      outbox.put(state, outboxByState.getOrDefault(state, 0L));
    }
    return new DomainSnapshot(List.copyOf(known.subList(0, kept)), List.copyOf(known.subList(kept, known.size())),
        countByResult(known), rollUpGoals(known, catalog), List.copyOf(alerts), Map.copyOf(outbox), oldestUnsent,
        catalog, now, nowNanos);
  }

  static DomainSnapshot empty(CatalogView catalog, Instant now, long nowNanos) {
    return of(List.of(), List.of(), Map.of(), Optional.empty(), catalog, 0, now, nowNanos);
  }

  /** Whether the other snapshot shows the same gauges: everything but the moment of the refresh. */
  boolean sameData(DomainSnapshot other) {
    return series.equals(other.series) && seriesByResult.equals(other.seriesByResult) && goals.equals(other.goals)
        && alerts.equals(other.alerts) && outbox.equals(other.outbox) && catalog.equals(other.catalog);
  }

  /** Seconds since the oldest waiting email was queued, on the service clock, at {@code nowNanos}. */
  double outboxAgeSeconds(long nowNanos) {
    return oldestUnsent
        .map(queued -> Math.max(0, Duration.between(queued, refreshedAt).plusNanos(nowNanos - refreshedNanos)
            .toMillis() / 1000.0))
        .orElse(0.0);
  }

  private static Map<Result, Map<String, Integer>> countByResult(List<SeriesReading> known) {
    Map<Result, Map<String, Integer>> counts = new EnumMap<>(Result.class);
    for (Result result : Result.values()) {
      Map<String, Integer> byGender = new TreeMap<>();
      CatalogView.GENDERS.forEach(gender -> byGender.put(gender, 0));
      counts.put(result, byGender);
    }
    for (SeriesReading series : known) {
      counts.get(series.result()).merge(series.gender(), 1, Integer::sum);
    }
    counts.replaceAll((result, byGender) -> Collections.unmodifiableMap(byGender));
    return Collections.unmodifiableMap(counts);
  }

  private static Map<String, Result> rollUpGoals(List<SeriesReading> known, CatalogView catalog) {
    Map<String, List<Result>> byGoal = new TreeMap<>();
    catalog.goals().keySet().forEach(goal -> byGoal.put(goal, new ArrayList<>()));
    for (SeriesReading series : known) {
      if (series.gender().equals("T")) {
        for (String goal : catalog.indicators().get(series.indicator()).goals()) {
          byGoal.computeIfAbsent(goal, g -> new ArrayList<>()).add(series.result());
        }
      }
    }
    Map<String, Result> goals = new TreeMap<>();
    byGoal.forEach((goal, results) -> {
      if (catalog.goals().containsKey(goal)) {
        goals.put(goal, GoalRollup.rollUp(results));
      }
    });
    return Collections.unmodifiableMap(goals);
  }
}
