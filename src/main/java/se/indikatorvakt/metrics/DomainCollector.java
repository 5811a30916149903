package se.indikatorvakt.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Serves the domain gauges to the Prometheus registry from the latest {@link DomainSnapshot}.
 *
 * <p>Why a collector and not one Micrometer gauge per series: a catalog of several thousand
 * series would mean tens of thousands of meter objects to register and remove as the set changes.
 * Here a refresh turns the snapshot into finished Prometheus snapshots once (on a worker), and a
 * scrape hands them out as they are; only the outbox age is computed per scrape, because it grows
 * with the clock. The {@link Labels} of a series are built once and kept while the series exists.
 */
final class DomainCollector implements MultiCollector {
  static final String VALUE = "indikatorvakt_indicator_value";
  static final String TARGET = "indikatorvakt_indicator_target";
  static final String WARNING = "indikatorvakt_indicator_warning";
  static final String RESULT = "indikatorvakt_indicator_result";
  static final String LAST_REPORT = "indikatorvakt_indicator_last_report_timestamp_seconds";
  static final String SERIES = "indikatorvakt_indicator_series";
  static final String GOAL_RESULT = "indikatorvakt_goal_result";
  static final String INDICATOR_INFO = "indikatorvakt_indicator";
  static final String UNIT_INFO = "indikatorvakt_org_unit";
  static final String GOAL_INFO = "indikatorvakt_goal";
  static final String ALERTS_OPEN = "indikatorvakt_alerts_open";
  static final String ALERTS_ACKNOWLEDGED = "indikatorvakt_alerts_acknowledged";
  static final String ALERTS_ESCALATED = "indikatorvakt_alerts_escalated";
  static final String OUTBOX = "indikatorvakt_outbox_messages";
  static final String OUTBOX_AGE = "indikatorvakt_outbox_oldest_message_age_seconds";
  static final String REFRESHED = "indikatorvakt_metrics_refresh_timestamp_seconds";

  private static final String RESULT_CODES = " Result code: 2 uppfyllt, 1 delvis uppfyllt, 0 ej uppfyllt, -1 inget mål.";
  private static final MetricMetadata OUTBOX_AGE_META = new MetricMetadata(OUTBOX_AGE,
      "Seconds since the oldest email still waiting to be sent (pending or sending) was queued; 0 when none waits");

  private final Clock clock;
  private final Map<SeriesKey, Labels> seriesLabels = new HashMap<>();
  private volatile Exposition exposition;

  private record Exposition(DomainSnapshot snapshot, List<MetricSnapshot> seriesGauges, List<MetricSnapshot> fixed) {}

  DomainCollector(Clock clock, DomainSnapshot initial) {
    this.clock = clock;
    this.exposition = build(initial, null);
  }

  /** Builds the exposition of a new snapshot; called on a worker by one refresh at a time. */
  synchronized void publish(DomainSnapshot snapshot) {
    exposition = build(snapshot, exposition);
  }

  DomainSnapshot snapshot() {
    return exposition.snapshot();
  }

  @Override
  public MetricSnapshots collect() {
    Exposition current = exposition;
    List<MetricSnapshot> all = new ArrayList<>(current.seriesGauges().size() + current.fixed().size() + 1);
    all.addAll(current.seriesGauges());
    all.addAll(current.fixed());
    double age = current.snapshot().oldestUnsent()
        .map(queued -> Math.max(0, Duration.between(queued, clock.instant()).toMillis() / 1000.0))
        .orElse(0.0);
    all.add(new GaugeSnapshot(OUTBOX_AGE_META, List.of(new GaugeDataPointSnapshot(age, Labels.EMPTY, null))));
    return new MetricSnapshots(all);
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(VALUE, TARGET, WARNING, RESULT, LAST_REPORT, SERIES, GOAL_RESULT, INDICATOR_INFO, UNIT_INFO,
        GOAL_INFO, ALERTS_OPEN, ALERTS_ACKNOWLEDGED, ALERTS_ESCALATED, OUTBOX, OUTBOX_AGE, REFRESHED);
  }

  private Exposition build(DomainSnapshot snapshot, Exposition previous) {
    List<MetricSnapshot> seriesGauges = previous != null && previous.snapshot().series().equals(snapshot.series())
        ? previous.seriesGauges()
        : seriesGauges(snapshot.series());
    List<MetricSnapshot> fixed = new ArrayList<>();
    fixed.add(seriesCounts(snapshot));
    fixed.add(goalResults(snapshot));
    fixed.addAll(infos(snapshot.catalog()));
    fixed.addAll(alerts(snapshot));
    fixed.add(outbox(snapshot));
    fixed.add(gauge(REFRESHED, "Unix time of the last successful refresh of the domain gauges from the database",
        List.of(point(snapshot.refreshedAt().toEpochMilli() / 1000.0, Labels.EMPTY))));
    return new Exposition(snapshot, seriesGauges, List.copyOf(fixed));
  }

  private List<MetricSnapshot> seriesGauges(List<SeriesReading> series) {
    Map<SeriesKey, Labels> live = new HashMap<>();
    for (SeriesReading reading : series) {
      SeriesKey key = reading.key();
      Labels labels = seriesLabels.get(key);
      live.put(key, labels != null ? labels
          : Labels.of("indicator", key.indicator(), "org_unit", key.orgUnit(), "gender", key.gender()));
    }
    seriesLabels.keySet().retainAll(live.keySet());
    seriesLabels.putAll(live);
    return List.of(
        seriesGauge(VALUE, "Current value of the series: the value of its latest reported period, in the "
            + "indicator's unit (indikatorvakt_indicator_info{unit})", series, s -> OptionalDouble.of(s.value())),
        seriesGauge(TARGET, "Målvärde the latest period was judged against (the target's reference value), "
            + "in the indicator's unit; absent when no target applies", series, SeriesReading::target),
        seriesGauge(WARNING, "Warning line of the target the latest period was judged against (between the "
            + "målvärde and this line is delvis uppfyllt); absent when the target has none", series,
            SeriesReading::warning),
        seriesGauge(RESULT, "Result of the latest period against its målvärde." + RESULT_CODES, series,
            s -> OptionalDouble.of(s.result().code())),
        seriesGauge(LAST_REPORT, "Unix time when the value of the series' latest period was committed (reported or "
            + "last revised); seconds since the last report = time() - this", series,
            s -> OptionalDouble.of(s.lastReport().toEpochMilli() / 1000.0)));
  }

  private MetricSnapshot seriesGauge(String name, String help, List<SeriesReading> series,
      Function<SeriesReading, OptionalDouble> value) {
    List<GaugeDataPointSnapshot> points = new ArrayList<>(series.size());
    for (SeriesReading reading : series) {
      OptionalDouble v = value.apply(reading);
      if (v.isPresent()) {
        points.add(point(v.getAsDouble(), seriesLabels.get(reading.key())));
      }
    }
    return gauge(name, help, points);
  }

  private static MetricSnapshot seriesCounts(DomainSnapshot snapshot) {
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    snapshot.seriesByResult().forEach((result, byGender) -> byGender.forEach((gender, count) ->
        points.add(point(count, Labels.of("result", result.label(), "gender", gender)))));
    return gauge(SERIES, "Series whose latest period has this result (met, partly-met, not-met, no-target), "
        + "by kön; counts every series, also those beyond metrics.maxSeries", points);
  }

  private static MetricSnapshot goalResults(DomainSnapshot snapshot) {
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    snapshot.goals().forEach((goal, result) -> points.add(point(result.code(), Labels.of("goal", goal))));
    return gauge(GOAL_RESULT, "Roll-up of the goal's indicators over every unit, kön T: no target ignored; all "
        + "uppfyllt = uppfyllt; none uppfyllt = ej uppfyllt; otherwise delvis." + RESULT_CODES, points);
  }

  private static List<MetricSnapshot> infos(CatalogView catalog) {
    List<InfoDataPointSnapshot> indicators = new ArrayList<>();
    catalog.indicators().values().forEach(i -> indicators.add(new InfoDataPointSnapshot(Labels.of(
        "indicator", i.id(), "indicator_name", i.name(), "unit", i.unit(), "period_type", i.periodType()))));
    List<InfoDataPointSnapshot> units = new ArrayList<>();
    catalog.units().values().forEach(u -> units.add(new InfoDataPointSnapshot(Labels.of(
        "org_unit", u.id(), "org_unit_name", u.name(), "level", u.level(), "parent", u.parent()))));
    List<InfoDataPointSnapshot> goals = new ArrayList<>();
    catalog.goals().values().forEach(g -> goals.add(new InfoDataPointSnapshot(Labels.of(
        "goal", g.id(), "goal_name", g.name()))));
    return List.of(
        new InfoSnapshot(new MetricMetadata(INDICATOR_INFO, "Indicators of the catalog in force: Swedish name, "
            + "unit and period type, to join on the indicator label"), indicators),
        new InfoSnapshot(new MetricMetadata(UNIT_INFO, "Org units of the catalog in force: Swedish name, level "
            + "and parent unit, to join on the org_unit label"), units),
        new InfoSnapshot(new MetricMetadata(GOAL_INFO, "Goals of the catalog in force: Swedish name, to join on "
            + "the goal label"), goals));
  }

  private static List<MetricSnapshot> alerts(DomainSnapshot snapshot) {
    List<GaugeDataPointSnapshot> open = new ArrayList<>();
    List<GaugeDataPointSnapshot> acknowledged = new ArrayList<>();
    List<GaugeDataPointSnapshot> escalated = new ArrayList<>();
    for (DomainSnapshot.AlertCount count : snapshot.alerts()) {
      Labels labels = Labels.of("severity", count.severity(), "state", count.state());
      open.add(point(count.open(), labels));
      acknowledged.add(point(count.acknowledged(), labels));
      escalated.add(point(count.escalated(), labels));
    }
    return List.of(
        gauge(ALERTS_OPEN, "Open alerts (pending or firing) by severity and state", open),
        gauge(ALERTS_ACKNOWLEDGED, "Open alerts that a manager has acknowledged (jag hanterar detta)", acknowledged),
        gauge(ALERTS_ESCALATED, "Open alerts that have been escalated to a manager further up", escalated));
  }

  private static MetricSnapshot outbox(DomainSnapshot snapshot) {
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    snapshot.outbox().forEach((state, count) -> points.add(point(count, Labels.of("state", state))));
    return gauge(OUTBOX, "Emails in the outbox by state: pending and sending wait for SMTP, folded wait for the "
        + "daily digest, dead were given up; outbox depth = pending + sending + folded", points);
  }

  private static GaugeDataPointSnapshot point(double value, Labels labels) {
    return new GaugeDataPointSnapshot(value, labels, null);
  }

  private static MetricSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
    return new GaugeSnapshot(new MetricMetadata(name, help), points);
  }
}
