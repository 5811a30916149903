package se.indikatorvakt.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The domain gauges as Prometheus text, written from the latest {@link DomainSnapshot}.
 *
 * <p>Why not one Micrometer gauge per series, nor a collector that Prometheus's writer serialises
 * on every scrape: with a catalog of several thousand series the page is megabytes, and most
 * scrapes find the data unchanged. So the page is written once per change of the data, on the
 * first scrape that needs it, and later scrapes send the same bytes; a refresh itself only swaps
 * the snapshot. What moves with the clock (outbox age, refresh time) is a few lines written per
 * scrape.
 *
 * <p>What is kept is the page compressed, and nothing else: at 100 000 series the text is some 60 MB and its gzip
 * 2 MB, and Prometheus asks for gzip. The text is written straight into the compressor through a small buffer, so
 * neither the whole text nor a copy of it as a String is ever in memory; a scrape without gzip is answered by
 * unpacking the kept bytes as they are sent ({@link Written#plain}). No label text is kept per series either: it is
 * written from the catalog's strings each time, which costs less than compressing it.
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

  private static final String EVERY_KOMMUN = "";
  private static final Written NOTHING_YET = new Written(List.of(), 0, 0);
  /**
   * Fastest deflate: the page is written again after every change of the data, and at this level that costs a third
   * of the default's time for a member about a third larger (repeated label text compresses well either way).
   */
  private static final int LEVEL = Deflater.BEST_SPEED;
  private static final int BUFFER = 64 * 1024;

  /**
   * A written page, kept as one gzip member only, which a client appends to others (RFC 1952 allows several), in
   * pieces of at most {@link #BUFFER}: a page of megabytes is then never one array, which the collector would have to
   * find room for and copy as a whole while it is written.
   *
   * @param gzip the member's bytes, piece after piece
   * @param gzipLength the member's length
   * @param plainLength the bytes of its text, so that a plain answer states its length before it is unpacked
   */
  record Written(List<byte[]> gzip, long gzipLength, long plainLength) {
    /** The member as it is kept. */
    InputStream gzipStream() {
      return new SequenceInputStream(Collections.enumeration(gzip.stream().map(ByteArrayInputStream::new).toList()));
    }

    /** The text, unpacked as it is read. */
    InputStream plain() {
      if (gzipLength == 0) {
        return InputStream.nullInputStream();
      }
      try {
        return new GZIPInputStream(gzipStream(), BUFFER);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Bytes collected in pieces of {@link #BUFFER}. */
  private static final class Pieces extends OutputStream {
    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[BUFFER];
    private int used;
    private long length;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
      for (int done = 0; done < count; ) {
        if (used == current.length) {
          full.add(current);
          current = new byte[BUFFER];
          used = 0;
        }
        int now = Math.min(count - done, current.length - used);
        System.arraycopy(bytes, offset + done, current, used, now);
        used += now;
        done += now;
      }
      length += count;
    }

    List<byte[]> pieces() {
      List<byte[]> all = new ArrayList<>(full);
      if (used > 0) {
        all.add(Arrays.copyOf(current, used));
      }
      return List.copyOf(all);
    }
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

  /**
   * The page part that changes only with the data, every kommun's series or one kommun's, written on the first call
   * after a change of the data and the same object until the next.
   */
  synchronized Written written(Optional<String> kommun) {
    if (!read) {
      return NOTHING_YET;
    }
    DomainSnapshot current = snapshot;
    if (writtenFrom == null || !writtenFrom.sameData(current)) {
      pages.clear();
      writtenFrom = current;
    }
    return pages.computeIfAbsent(kommun.orElse(EVERY_KOMMUN), key -> write(current, kommun));
  }

  /**
   * The lines that move with the clock, written per scrape: the outbox age and the lapsed målvärden of the kommuner
   * the scrape shows, and with the service's part the time of the last refresh, which belongs to no kommun.
   */
  String moving(long nowNanos, MetricsEndpoint.Scope scope) {
    DomainSnapshot current = snapshot;
    if (!read) {
      return "";
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream(512);
    Page page = new Page(text);
    if (scope.domainSeries()) {
      family(page, OUTBOX_AGE, "Seconds since the kommun's oldest email still waiting to be sent (pending or sending) "
          + "was queued; 0 when none waits");
      for (String code : current.catalog().kommuner().keySet()) {
        if (scope.kommun().map(code::equals).orElse(true)) {
          sample(page, OUTBOX_AGE, new String[] {"kommun", code}, current.outboxAgeSeconds(code, nowNanos));
        }
      }
      family(page, TARGETS_MISSING, "Målvärde saknas: indicator x unit x kön of the kommun that had a målvärde for "
          + "some period of the previous year and have none for the current period, so their values are judged inget "
          + "mål; from the catalog and the date");
      new TreeMap<>(targetsMissing).forEach((code, count) -> {
        if (scope.kommun().map(code::equals).orElse(true)) {
          sample(page, TARGETS_MISSING, new String[] {"kommun", code}, count);
        }
      });
    }
    if (scope.serviceMeters()) {
      family(page, REFRESHED, "Unix time of the last successful refresh of the domain gauges from the database");
      sample(page, REFRESHED, current.refreshedAt().toEpochMilli() / 1000.0);
    }
    page.flush();
    return text.toString(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, text.length / 8));
    try (OutputStream zip = compressor(out)) {
      zip.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static GZIPOutputStream compressor(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, BUFFER) {
      {
        def.setLevel(LEVEL);
      }
    };
  }

  /** The page of every kommun or of one, compressed as it is written. */
  private static Written write(DomainSnapshot data, Optional<String> kommun) {
    Pieces zipped = new Pieces();
    long length;
    try (GZIPOutputStream zip = compressor(zipped)) {
      Page page = new Page(zip);
      write(page, data, kommun);
      length = page.flush().written();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Written(zipped.pieces(), zipped.length, length);
  }

  private static void write(Page page, DomainSnapshot data, Optional<String> kommun) {
    Predicate<String> shown = code -> kommun.map(code::equals).orElse(true);
    List<SeriesReading> series = kommun.isEmpty() ? data.series()
        : data.series().stream().filter(s -> shown.test(data.kommunOf(s))).toList();
    CatalogView catalog = data.catalog();

    family(page, KOMMUN_INFO, "Kommuner of the installation: the four-digit municipality code (the kommun label of "
        + "every domain series) and the Swedish name");
    catalog.kommuner().values().stream().filter(k -> shown.test(k.code())).forEach(k -> sample(page, KOMMUN_INFO,
        new String[] {"kommun", k.code(), "kommun_name", k.name()}, 1));

    seriesFamily(page, VALUE, "Current value of the series: the value of its latest reported period, in the "
        + "indicator's unit (" + INDICATOR_INFO + "{unit})", series, s -> OptionalDouble.of(s.value()), data);
    seriesFamily(page, TARGET, "Målvärde the latest period was judged against (the target's reference value), in the "
        + "indicator's unit; absent when no target applies", series, SeriesReading::target, data);
    seriesFamily(page, WARNING, "Warning line of the target the latest period was judged against (between the "
        + "målvärde and this line is delvis uppfyllt); absent when the target has none", series, SeriesReading::warning, data);
    seriesFamily(page, RESULT, "Result of the latest period against its målvärde." + RESULT_CODES, series,
        s -> OptionalDouble.of(s.result().score()), data);
    seriesFamily(page, LAST_REPORT, "Unix time when the value of the series' latest period was committed (reported "
        + "or last revised); seconds since the last report = time() - this", series,
        s -> OptionalDouble.of(s.lastReport().toEpochMilli() / 1000.0), data);

    family(page, SERIES, "Series of the kommun whose latest period has this result (met, partly-met, not-met, "
        + "no-target), by kön; counts every series, also those beyond metrics.maxSeries");
    data.seriesByResult().forEach((code, byResult) -> {
      if (shown.test(code)) {
        byResult.forEach((result, byGender) -> byGender.forEach((gender, count) -> sample(page, SERIES,
            new String[] {"gender", gender, "kommun", code, "result", result.code()}, count)));
      }
    });

    family(page, GOAL_RESULT, "Roll-up of the goal's indicators over every unit of its kommun, kön T: no target "
        + "ignored; all uppfyllt = uppfyllt; none uppfyllt = ej uppfyllt; otherwise delvis." + RESULT_CODES);
    data.goals().forEach((goal, result) -> {
      String code = catalog.goals().get(goal).kommun();
      if (shown.test(code)) {
        sample(page, GOAL_RESULT, new String[] {"goal", goal, "kommun", code}, result.score());
      }
    });

    family(page, INDICATOR_INFO, "Indicators each kommun follows (its own and the national ones it adopted): Swedish "
        + "name, unit and period type, to join on the indicator and kommun labels");
    catalog.kommuner().values().stream().filter(k -> shown.test(k.code())).forEach(k ->
        catalog.indicators().values().stream().filter(i -> k.indicators().contains(i.id())).forEach(i ->
            sample(page, INDICATOR_INFO, new String[] {"indicator", i.id(), "indicator_name", i.name(),
                "kommun", k.code(), "period_type", i.periodType(), "unit", i.unit()}, 1)));
    family(page, UNIT_INFO, "Org units of the catalog in force: Swedish name, level and parent unit, to join on the "
        + "org_unit label");
    catalog.units().values().stream().filter(u -> shown.test(u.kommun())).forEach(u -> sample(page, UNIT_INFO,
        new String[] {"kommun", u.kommun(), "level", u.level(), "org_unit", u.id(), "org_unit_name", u.name(),
            "parent", u.parent()}, 1));
    family(page, GOAL_INFO, "Goals of the catalog in force: Swedish name, to join on the goal label");
    catalog.goals().values().stream().filter(g -> shown.test(g.kommun())).forEach(g -> sample(page, GOAL_INFO,
        new String[] {"goal", g.id(), "goal_name", g.name(), "kommun", g.kommun()}, 1));

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
        byState.forEach((state, count) -> sample(page, OUTBOX, new String[] {"kommun", code, "state", state},
            count));
      }
    });
  }

  private static void seriesFamily(Page page, String name, String help, List<SeriesReading> series,
      Function<SeriesReading, OptionalDouble> value, DomainSnapshot data) {
    family(page, name, help);
    for (SeriesReading reading : series) {
      OptionalDouble v = value.apply(reading);
      if (v.isPresent()) {
        page.ascii(name).ascii("{gender=\"").label(reading.gender()).ascii("\",indicator=\"").label(reading.indicator())
            .ascii("\",kommun=\"").label(data.kommunOf(reading)).ascii("\",org_unit=\"").label(reading.orgUnit())
            .ascii("\"} ").ascii(number(v.getAsDouble())).newline();
      }
    }
  }

  private static void alertFamily(Page page, String name, String help,
      List<DomainSnapshot.AlertCount> alerts, Function<DomainSnapshot.AlertCount, Long> value) {
    family(page, name, help);
    for (DomainSnapshot.AlertCount count : alerts) {
      sample(page, name, new String[] {"kommun", count.kommun(), "severity", count.severity(), "state",
          count.state()}, value.apply(count));
    }
  }

  private static void family(Page page, String name, String help) {
    page.ascii("# HELP ").ascii(name).ascii(" ").help(help).ascii("\n# TYPE ").ascii(name).ascii(" gauge").newline();
  }

  private static void sample(Page page, String name, String[] labels, double value) {
    page.ascii(name).labels(labels).ascii(" ").ascii(number(value)).newline();
  }

  private static void sample(Page page, String name, double value) {
    page.ascii(name).ascii(" ").ascii(number(value)).newline();
  }

  /** Label names and values, alternating, names in alphabetical order; values escaped as the text format wants. */
  static String labels(String[] namesAndValues) {
    ByteArrayOutputStream text = new ByteArrayOutputStream(64);
    new Page(text).labels(namesAndValues).flush();
    return text.toString(StandardCharsets.UTF_8);
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

  /**
   * Exposition text into a stream in UTF-8, through a buffer of its own: the page is never a String, and a line costs
   * no byte array of its own. Escapes as the text format wants: in HELP a backslash and a line feed, in a label value
   * also a double quote.
   */
  private static final class Page {
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private long flushed;

    Page(OutputStream out) {
      this.out = out;
    }

    /** Text known to need no escape (names, numbers, the format's own punctuation). */
    Page ascii(String text) {
      return utf8(text, false, false);
    }

    Page help(String text) {
      return utf8(text, true, false);
    }

    Page label(String value) {
      return utf8(value, true, true);
    }

    Page labels(String[] namesAndValues) {
      put('{');
      for (int i = 0; i < namesAndValues.length; i += 2) {
        if (i > 0) {
          put(',');
        }
        ascii(namesAndValues[i]).ascii("=\"").label(namesAndValues[i + 1]).put('"');
      }
      return put('}');
    }

    Page newline() {
      return put('\n');
    }

    /** As String.getBytes(UTF_8) encodes, a lone surrogate as '?'. */
    private Page utf8(String text, boolean escapeLines, boolean escapeQuotes) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (escapeLines && (c == '\\' || c == '\n')) {
          put('\\').put(c == '\n' ? 'n' : '\\');
        } else if (escapeQuotes && c == '"') {
          put('\\').put('"');
        } else if (c < 0x80) {
          put(c);
        } else if (c < 0x800) {
          put(0xC0 | c >> 6).put(0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          int point = Character.toCodePoint(c, text.charAt(++i));
          put(0xF0 | point >> 18).put(0x80 | point >> 12 & 0x3F).put(0x80 | point >> 6 & 0x3F).put(0x80 | point & 0x3F);
        } else if (Character.isSurrogate(c)) {
          put('?');
        } else {
          put(0xE0 | c >> 12).put(0x80 | c >> 6 & 0x3F).put(0x80 | c & 0x3F);
        }
      }
      return this;
    }

    private Page put(int b) {
      if (used == buffer.length) {
        flush();
      }
      buffer[used++] = (byte) b;
      return this;
    }

    Page flush() {
      try {
        out.write(buffer, 0, used);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      flushed += used;
      used = 0;
      return this;
    }

    long written() {
      return flushed + used;
    }
  }
}
