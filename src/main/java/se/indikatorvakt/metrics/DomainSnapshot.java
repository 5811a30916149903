package se.indikatorvakt.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
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
 * Everything is per kommun, the kommun taken from the catalog in force ({@link CatalogView}).
 *
 * @param series the series that get gauges, in priority order, at most metrics.maxSeries
 * @param dropped the series left out because of the limit
 * @param seriesByResult per kommun, every known series counted by (result, kön), including the dropped ones
 * @param goals each goal's roll-up over the kön T series of its indicators in its own kommun ({@link GoalRollup})
 * @param alerts open alerts by (kommun, severity, state), every kommun of the catalog with every pair
 * @param outbox per kommun, outbox rows by state (pending, sending, folded, dead)
 * @param oldestUnsent per kommun, when its oldest pending or sending outbox row was queued (folded rows wait for
 *     the digest by design); absent for a kommun with none
 * @param refreshedAt the service clock's time of the refresh
 * @param refreshedNanos {@link System#nanoTime()} at the refresh, to age the outbox between refreshes
 */
record DomainSnapshot(List<SeriesReading> series, List<SeriesReading> dropped,
    Map<String, Map<Result, Map<String, Integer>>> seriesByResult, Map<String, Result> goals, List<AlertCount> alerts,
    Map<String, Map<String, Long>> outbox, Map<String, Instant> oldestUnsent, CatalogView catalog,
    Instant refreshedAt, long refreshedNanos) {

  static final List<String> OUTBOX_STATES = List.of("pending", "sending", "folded", "dead");
  static final List<String> OPEN_STATES = List.of("pending", "firing");

  /**
   * Open alerts of one kommun of one severity in one state; acknowledged, escalated and unitWithoutManager are
   * subsets of open.
   *
   * @param escalated escalated because nobody acknowledged them in time
   * @param unitWithoutManager with a manager further up from the start, because their unit had none that day
   */
  record AlertCount(String kommun, String severity, String state, long open, long acknowledged, long escalated,
      long unitWithoutManager) {
    AlertCount plus(AlertCount other) {
      return new AlertCount(kommun, severity, state, open + other.open, acknowledged + other.acknowledged,
          escalated + other.escalated, unitWithoutManager + other.unitWithoutManager);
    }
  }

  /**
   * @param alerts open alerts by kommun, severity and state; several counts of one triple are added up
   * @param outboxByKommun per kommun, outbox rows by state
   */
  static DomainSnapshot of(Collection<SeriesReading> readings, List<AlertCount> alerts,
      Map<String, Map<String, Long>> outboxByKommun, Map<String, Instant> oldestUnsent, CatalogView catalog,
      int maxSeries, Instant now, long nowNanos) {
    List<SeriesReading> known = new ArrayList<>();
    for (SeriesReading reading : readings) {
      if (catalog.knows(reading)) {
        known.add(reading);
      }
    }
    known.sort(SeriesReading.PRIORITY);
    int kept = Math.min(maxSeries, known.size());
    Map<String, Map<String, Long>> outbox = new LinkedHashMap<>();
    Map<String, Instant> oldest = new TreeMap<>();
    for (String kommun : catalog.kommuner().keySet()) {
      Map<String, Long> byState = new LinkedHashMap<>();
      Map<String, Long> given = outboxByKommun.getOrDefault(kommun, Map.of());
      OUTBOX_STATES.forEach(state -> byState.put(state, given.getOrDefault(state, 0L)));
      outbox.put(kommun, Collections.unmodifiableMap(byState));
      Optional.ofNullable(oldestUnsent.get(kommun)).ifPresent(queued -> oldest.put(kommun, queued));
    }
    return new DomainSnapshot(List.copyOf(known.subList(0, kept)), List.copyOf(known.subList(kept, known.size())),
        countByResult(known, catalog), rollUpGoals(known, catalog), alertCounts(alerts, catalog),
        Collections.unmodifiableMap(outbox), Collections.unmodifiableMap(oldest), catalog, now, nowNanos);
  }

  static DomainSnapshot empty(CatalogView catalog, Instant now, long nowNanos) {
    return of(List.of(), List.of(), Map.of(), Map.of(), catalog, 0, now, nowNanos);
  }

  /** Whether the other snapshot shows the same gauges: everything but the moment of the refresh. */
  boolean sameData(DomainSnapshot other) {
    return series.equals(other.series) && seriesByResult.equals(other.seriesByResult) && goals.equals(other.goals)
        && alerts.equals(other.alerts) && outbox.equals(other.outbox) && catalog.equals(other.catalog);
  }

  /** Seconds since the kommun's oldest waiting email was queued, on the service clock, at {@code nowNanos}. */
  double outboxAgeSeconds(String kommun, long nowNanos) {
    return Optional.ofNullable(oldestUnsent.get(kommun))
        .map(queued -> Math.max(0, Duration.between(queued, refreshedAt).plusNanos(nowNanos - refreshedNanos)
            .toMillis() / 1000.0))
        .orElse(0.0);
  }

  /** The kommun of a series that passed {@link CatalogView#knows}. */
  String kommunOf(SeriesReading series) {
    return catalog.units().get(series.orgUnit()).kommun();
  }

  private static Map<String, Map<Result, Map<String, Integer>>> countByResult(List<SeriesReading> known,
      CatalogView catalog) {
    Map<String, Map<Result, Map<String, Integer>>> counts = new LinkedHashMap<>();
    for (String kommun : catalog.kommuner().keySet()) {
      Map<Result, Map<String, Integer>> byResult = new EnumMap<>(Result.class);
      for (Result result : Result.values()) {
        Map<String, Integer> byGender = new TreeMap<>();
        CatalogView.GENDERS.forEach(gender -> byGender.put(gender, 0));
        byResult.put(result, byGender);
      }
      counts.put(kommun, byResult);
    }
    for (SeriesReading series : known) {
      counts.get(catalog.units().get(series.orgUnit()).kommun()).get(series.result())
          .merge(series.gender(), 1, Integer::sum);
    }
    counts.values().forEach(byResult -> byResult.replaceAll((result, byGender) ->
        Collections.unmodifiableMap(byGender)));
    counts.replaceAll((kommun, byResult) -> Collections.unmodifiableMap(byResult));
    return Collections.unmodifiableMap(counts);
  }

  /**
   * A national indicator carries the goals of every kommun that adopted it; a series counts for its own kommun's.
   * Those are sorted out once per indicator and kommun, not per series: a national indicator of an installation of
   * every Swedish kommun carries hundreds of goals, and it has hundreds of thousands of series.
   */
  private static Map<String, Result> rollUpGoals(List<SeriesReading> known, CatalogView catalog) {
    Map<String, List<Result>> byGoal = new TreeMap<>();
    catalog.goals().keySet().forEach(goal -> byGoal.put(goal, new ArrayList<>()));
    Map<String, Map<String, List<String>>> goalsByIndicatorAndKommun = new HashMap<>();
    catalog.indicators().forEach((id, indicator) -> indicator.goals().forEach(goal -> {
      CatalogView.GoalInfo info = catalog.goals().get(goal);
      if (info != null) {
        goalsByIndicatorAndKommun.computeIfAbsent(id, i -> new HashMap<>())
            .computeIfAbsent(info.kommun(), k -> new ArrayList<>()).add(goal);
      }
    }));
    for (SeriesReading series : known) {
      if (series.gender().equals("T")) {
        String kommun = catalog.units().get(series.orgUnit()).kommun();
        for (String goal : goalsByIndicatorAndKommun.getOrDefault(series.indicator(), Map.of())
            .getOrDefault(kommun, List.of())) {
          byGoal.get(goal).add(series.result());
        }
      }
    }
    Map<String, Result> goals = new TreeMap<>();
    byGoal.forEach((goal, results) -> goals.put(goal, GoalRollup.rollUp(results)));
    return Collections.unmodifiableMap(goals);
  }

  private static List<AlertCount> alertCounts(List<AlertCount> given, CatalogView catalog) {
    Map<List<String>, AlertCount> counts = new LinkedHashMap<>();
    for (String kommun : catalog.kommuner().keySet()) {
      for (String severity : Metrics.ALERT_SEVERITIES) {
        for (String state : OPEN_STATES) {
          counts.put(List.of(kommun, severity, state), new AlertCount(kommun, severity, state, 0, 0, 0, 0));
        }
      }
    }
    for (AlertCount count : given) {
      counts.computeIfPresent(List.of(count.kommun(), count.severity(), count.state()), (key, sum) -> sum.plus(count));
    }
    return List.copyOf(counts.values());
  }
}
