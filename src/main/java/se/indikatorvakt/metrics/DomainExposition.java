package se.indikatorvakt.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * The domain gauges as Prometheus text, written from the latest {@link DomainSnapshot}.
 *
 * <p>Why not one Micrometer gauge per series, nor a collector that Prometheus's writer serialises
 * on every scrape: with a catalog of several thousand series the page is megabytes, and most
 * scrapes find the data unchanged. So the page is written (and gzipped) once per change of the
 * data, on the first scrape that needs it, and later scrapes send the same bytes; a refresh itself
 * only swaps the snapshot. What moves with the clock (outbox age, refresh time) is a few lines
 * written per scrape. The label text of a series is built once and kept while the series exists.
 */
final class DomainExposition {
  static final String VALUE = "indikatorvakt_indicator_value";
  static final String TARGET = "indikatorvakt_indicator_target";
  static final String WARNING = "indikatorvakt_indicator_warning";
  static final String RESULT = "indikatorvakt_indicator_result";
  static final String LAST_REPORT = "indikatorvakt_indicator_last_report_timestamp_seconds";
  static final String SERIES = "indikatorvakt_indicator_series";
  static final String GOAL_RESULT = "indikatorvakt_goal_result";
  static final String KOMMUN_INFO = "indikatorvakt_kommun_info";
  static final String INDICATOR_INFO = "indikatorvakt_indicator_info";
  static final String UNIT_INFO = "indikatorvakt_org_unit_info";
  static final String GOAL_INFO = "indikatorvakt_goal_info";
  static final String ALERTS_OPEN = "indikatorvakt_alerts_open";
  static final String ALERTS_ACKNOWLEDGED = "indikatorvakt_alerts_acknowledged";
  static final String ALERTS_ESCALATED = "indikatorvakt_alerts_escalated";
  static final String ALERTS_UNIT_WITHOUT_MANAGER = "indikatorvakt_alerts_unit_without_manager";
  static final String OUTBOX = "indikatorvakt_outbox_messages";
  static final String OUTBOX_AGE = "indikatorvakt_outbox_oldest_message_age_seconds";
  static final String REFRESHED = "indikatorvakt_metrics_refresh_timestamp_seconds";
  static final String TARGETS_MISSING = "indikatorvakt_targets_missing";

  private static final String RESULT_CODES = " Result code: 2 uppfyllt, 1 delvis uppfyllt, 0 ej uppfyllt, -1 inget mål.";

  private final Map<SeriesKey, String> seriesLabels = new HashMap<>();
  /** Written pages of the current data: {@link #EVERY_KOMMUN} for the whole, else one per kommun asked for. */
  private final Map<String, Written> pages = new HashMap<>();
  private volatile DomainSnapshot snapshot;
  /**
   * False from the start of the service until its first read of every series is published: the domain series are
   * then left out of the page rather than shown as zeros, which Prometheus would take for the truth.
   */
  private volatile boolean read = true;
  private DomainSnapshot writtenFrom;
  /** Per kommun code of the catalog in force, its lapsed målvärden; from the catalog and the date, not the database. */
  private volatile Map<String, Integer> targetsMissing = Map.of();

  /** A page as text and, once a client asked for it, as one gzip member. */
  private static final class Written {
    final byte[] plain;
    byte[] gzip;

    Written(byte[] plain) {
      this.plain = plain;
    }
  }

  private static final String EVERY_KOMMUN = "";
  private static final Written NOTHING_YET = new Written(new byte[0]);

  static {
    NOTHING_YET.gzip = new byte[0];
  }

  DomainExposition(DomainSnapshot initial) {
    this.snapshot = initial;
  }

  /** An exposition without domain series until the first {@link #publish}; see {@link #awaitRead}. */
  static DomainExposition beforeFirstRead(DomainSnapshot empty) {
    DomainExposition exposition = new DomainExposition(empty);
    exposition.awaitRead(empty);
    return exposition;
  }

  /** Takes a refreshed snapshot; one whose data equals the current one keeps the written pages. */
  void publish(DomainSnapshot next) {
    snapshot = next;
    read = true;
  }

  /**
   * Until the next {@link #publish}, the page has no domain series: the service is up but has not read the database
   * yet. The empty snapshot names the kommuner of the catalog, which a scrape may already ask for.
   */
  void awaitRead(DomainSnapshot empty) {
    read = false;
    snapshot = empty;
  }

  /** Whether the domain series have been read since the start. */
  boolean read() {
    return read;
  }

  DomainSnapshot snapshot() {
    return snapshot;
  }

  /** Takes the count of lapsed målvärden per kommun of the catalog in force (catalog.MissingTargets). */
  void publishTargetsMissing(Map<String, Integer> byKommun) {
    targetsMissing = Map.copyOf(byKommun);
  }

  /** Whether the catalog in force at the last refresh has the kommun. */
  boolean knowsKommun(String code) {
    return snapshot.catalog().kommuner().containsKey(code);
  }

  /** The page part that changes only with the data, as text: every kommun's series, or one kommun's. */
  byte[] plain(Optional<String> kommun) {
    return written(kommun).plain;
  }

  /** The same part as one gzip member, which a client appends to others (RFC 1952 allows several). */
  synchronized byte[] gzip(Optional<String> kommun) {
    Written page = written(kommun);
    if (page.gzip == null) {
      page.gzip = gzip(page.plain);
    }
    return page.gzip;
  }

  private synchronized Written written(Optional<String> kommun) {
    if (!read) {
      return NOTHING_YET;
    }
    DomainSnapshot current = snapshot;
    if (writtenFrom == null || !writtenFrom.sameData(current)) {
      if (writtenFrom != null && !writtenFrom.catalog().equals(current.catalog())) {
        // a reload may give a unit another kommun, which is part of the label text kept per series
        seriesLabels.clear();
      }
      pages.clear();
      remember(current);
      writtenFrom = current;
    }
    return pages.computeIfAbsent(kommun.orElse(EVERY_KOMMUN),
        key -> new Written(write(current, kommun).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The lines that move with the clock, written per scrape: the outbox age and the lapsed målvärden of the kommuner
   * the scrape shows, and with the service's part the time of the last refresh, which belongs to no kommun.
   */
  String moving(long nowNanos, MetricsEndpoint.Scope scope) {
    DomainSnapshot current = snapshot;
    StringBuilder page = new StringBuilder(512);
    if (!read) {
      return "";
    }
    if (scope.domainSeries()) {
      family(page, OUTBOX_AGE, "Seconds since the kommun's oldest email still waiting to be sent (pending or sending) "
          + "was queued; 0 when none waits");
      for (String code : current.catalog().kommuner().keySet()) {
        if (scope.kommun().map(code::equals).orElse(true)) {
          sample(page, OUTBOX_AGE, labels(new String[] {"kommun", code}), current.outboxAgeSeconds(code, nowNanos));
        }
      }
      family(page, TARGETS_MISSING, "Målvärde saknas: indicator x unit x kön of the kommun that had a målvärde for "
          + "some period of the previous year and have none for the current period, so their values are judged inget "
          + "mål; from the catalog and the date");
      new TreeMap<>(targetsMissing).forEach((code, count) -> {
        if (scope.kommun().map(code::equals).orElse(true)) {
          sample(page, TARGETS_MISSING, labels(new String[] {"kommun", code}), count);
        }
      });
    }
    if (scope.serviceMeters()) {
      family(page, REFRESHED, "Unix time of the last successful refresh of the domain gauges from the database");
      sample(page, REFRESHED, "", current.refreshedAt().toEpochMilli() / 1000.0);
    }
    return page.toString();
  }

  static byte[] gzip(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, text.length / 16));
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024)) {
      zip.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Keeps the label text of every live series and forgets that of series gone. */
  private void remember(DomainSnapshot data) {
    Map<SeriesKey, String> live = new HashMap<>();
    for (SeriesReading reading : data.series()) {
      SeriesKey key = reading.key();
      String labels = seriesLabels.get(key);
      live.put(key, labels != null ? labels : labels(new String[] {"gender", key.gender(), "indicator",
          key.indicator(), "kommun", data.kommunOf(reading), "org_unit", key.orgUnit()}));
    }
    seriesLabels.keySet().retainAll(live.keySet());
    seriesLabels.putAll(live);
  }

  private String write(DomainSnapshot data, Optional<String> kommun) {
    Predicate<String> shown = code -> kommun.map(code::equals).orElse(true);
    List<SeriesReading> series = kommun.isEmpty() ? data.series()
        : data.series().stream().filter(s -> shown.test(data.kommunOf(s))).toList();
    CatalogView catalog = data.catalog();

    StringBuilder page = new StringBuilder(series.size() * 5 * 125 + 64 * 1024);
    family(page, KOMMUN_INFO, "Kommuner of the installation: the four-digit municipality code (the kommun label of "
        + "every domain series) and the Swedish name");
    catalog.kommuner().values().stream().filter(k -> shown.test(k.code())).forEach(k -> sample(page, KOMMUN_INFO,
        labels(new String[] {"kommun", k.code(), "kommun_name", k.name()}), 1));

    seriesFamily(page, VALUE, "Current value of the series: the value of its latest reported period, in the "
        + "indicator's unit (" + INDICATOR_INFO + "{unit})", series, s -> OptionalDouble.of(s.value()));
    seriesFamily(page, TARGET, "Målvärde the latest period was judged against (the target's reference value), in the "
        + "indicator's unit; absent when no target applies", series, SeriesReading::target);
    seriesFamily(page, WARNING, "Warning line of the target the latest period was judged against (between the "
        + "målvärde and this line is delvis uppfyllt); absent when the target has none", series, SeriesReading::warning);
    seriesFamily(page, RESULT, "Result of the latest period against its målvärde." + RESULT_CODES, series,
        s -> OptionalDouble.of(s.result().score()));
    seriesFamily(page, LAST_REPORT, "Unix time when the value of the series' latest period was committed (reported "
        + "or last revised); seconds since the last report = time() - this", series,
        s -> OptionalDouble.of(s.lastReport().toEpochMilli() / 1000.0));

    family(page, SERIES, "Series of the kommun whose latest period has this result (met, partly-met, not-met, "
        + "no-target), by kön; counts every series, also those beyond metrics.maxSeries");
    data.seriesByResult().forEach((code, byResult) -> {
      if (shown.test(code)) {
        byResult.forEach((result, byGender) -> byGender.forEach((gender, count) -> sample(page, SERIES,
            labels(new String[] {"gender", gender, "kommun", code, "result", result.code()}), count)));
      }
    });

    family(page, GOAL_RESULT, "Roll-up of the goal's indicators over every unit of its kommun, kön T: no target "
        + "ignored; all uppfyllt = uppfyllt; none uppfyllt = ej uppfyllt; otherwise delvis." + RESULT_CODES);
    data.goals().forEach((goal, result) -> {
      String code = catalog.goals().get(goal).kommun();
      if (shown.test(code)) {
        sample(page, GOAL_RESULT, labels(new String[] {"goal", goal, "kommun", code}), result.score());
      }
    });

    family(page, INDICATOR_INFO, "Indicators each kommun follows (its own and the national ones it adopted): Swedish "
        + "name, unit and period type, to join on the indicator and kommun labels");
    catalog.kommuner().values().stream().filter(k -> shown.test(k.code())).forEach(k ->
        catalog.indicators().values().stream().filter(i -> k.indicators().contains(i.id())).forEach(i ->
            sample(page, INDICATOR_INFO, labels(new String[] {"indicator", i.id(), "indicator_name", i.name(),
                "kommun", k.code(), "period_type", i.periodType(), "unit", i.unit()}), 1)));
    family(page, UNIT_INFO, "Org units of the catalog in force: Swedish name, level and parent unit, to join on the "
        + "org_unit label");
    catalog.units().values().stream().filter(u -> shown.test(u.kommun())).forEach(u -> sample(page, UNIT_INFO,
        labels(new String[] {"kommun", u.kommun(), "level", u.level(), "org_unit", u.id(), "org_unit_name", u.name(),
            "parent", u.parent()}), 1));
    family(page, GOAL_INFO, "Goals of the catalog in force: Swedish name, to join on the goal label");
    catalog.goals().values().stream().filter(g -> shown.test(g.kommun())).forEach(g -> sample(page, GOAL_INFO,
        labels(new String[] {"goal", g.id(), "goal_name", g.name(), "kommun", g.kommun()}), 1));

    List<DomainSnapshot.AlertCount> alerts = data.alerts().stream().filter(a -> shown.test(a.kommun())).toList();
    alertFamily(page, ALERTS_OPEN, "Open alerts (pending or firing) of the kommun by severity and state", alerts,
        DomainSnapshot.AlertCount::open);
    alertFamily(page, ALERTS_ACKNOWLEDGED, "Open alerts that a manager has acknowledged (jag hanterar detta), by "
        + "severity and state", alerts, DomainSnapshot.AlertCount::acknowledged);
    alertFamily(page, ALERTS_ESCALATED, "Open alerts that have been escalated to a manager further up because nobody "
        + "acknowledged them in time, by severity and state", alerts, DomainSnapshot.AlertCount::escalated);
    alertFamily(page, ALERTS_UNIT_WITHOUT_MANAGER, "Open alerts addressed to a manager further up from the start, because "
        + "their unit had no manager that day (not escalations), by severity and state", alerts,
        DomainSnapshot.AlertCount::unitWithoutManager);

    family(page, OUTBOX, "Emails of the kommun in the outbox by state: pending and sending wait for SMTP, folded wait "
        + "for the daily digest, dead were given up; outbox depth = pending + sending + folded");
    data.outbox().forEach((code, byState) -> {
      if (shown.test(code)) {
        byState.forEach((state, count) -> sample(page, OUTBOX, labels(new String[] {"kommun", code, "state", state}),
            count));
      }
    });
    return page.toString();
  }

  private void seriesFamily(StringBuilder page, String name, String help, List<SeriesReading> series,
      Function<SeriesReading, OptionalDouble> value) {
    family(page, name, help);
    for (SeriesReading reading : series) {
      OptionalDouble v = value.apply(reading);
      if (v.isPresent()) {
        sample(page, name, seriesLabels.get(reading.key()), v.getAsDouble());
      }
    }
  }

  private static void alertFamily(StringBuilder page, String name, String help,
      List<DomainSnapshot.AlertCount> alerts, Function<DomainSnapshot.AlertCount, Long> value) {
    family(page, name, help);
    for (DomainSnapshot.AlertCount count : alerts) {
      sample(page, name, labels(new String[] {"kommun", count.kommun(), "severity", count.severity(), "state",
          count.state()}), value.apply(count));
    }
  }

  private static void family(StringBuilder page, String name, String help) {
    page.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append("\n# TYPE ").append(name).append(" gauge\n");
  }

  private static void sample(StringBuilder page, String name, String labels, double value) {
    page.append(name).append(labels).append(' ').append(number(value)).append('\n');
  }

  /** Label names and values, alternating, names in alphabetical order; values escaped as the text format wants. */
  static String labels(String[] namesAndValues) {
    StringBuilder text = new StringBuilder(64).append('{');
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        text.append(',');
      }
      text.append(namesAndValues[i]).append("=\"").append(namesAndValues[i + 1].replace("\\", "\\\\")
          .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
    return text.append('}').toString();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
