package se.indikatorvakt.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.alerting.SchedulerTicks;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.metrics.GrafanaDashboards;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.scale.ScaleValues;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * "Flat as data grows" (issue 16), not part of the normal suite:
 * {@code mvn -B -ntp -o -Pbench test -Dtest=FlatGrowthBench -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.values=10000000] [-Dbench.series=100000]}.
 *
 * <p>One service on one durable database. With {@code bench.small} stored values (10 000) and again after the same
 * database was grown to {@code bench.values} (day-level values of the two day-level indicators: every catalog unit
 * and synthetic units beside them, five years per series): single-POST p50/p99 (new periods of existing series at
 * modest concurrency), one scheduler tick (median), {@code /status} of Kalmar (p50/p99) and every SQL query of the
 * Grafana dashboards over each dashboard's own time range (median, with its plan in target/flat-growth-plans-*.txt).
 * The series the dashboard queries read has its five years in both sizes, so that both read the same rows. Then series are added until {@code measurement} holds {@code bench.series}
 * series, and {@code /metrics} is scraped while another client ingests single POSTs. 127.0.0.1 only.
 *
 * <p>The scheduler tick is compared at the same due work: the big size adds 888 synthetic units (about 1 800 more
 * pairs in alert_series) and ten million values, but none of it is due (the units reported yesterday, so no next
 * report is overdue, and their values have no målvärde, so they raise no alert). A tick's cost should follow what is
 * due, so its time is compared between sizes that differ only in what is not due; beside the time, the table gives
 * what each of the tick's statements returned (the due work, the same at both sizes if the comparison is fair) and
 * the buffers its plan touched, and what was stored then.
 */
@Tag("bench")
class FlatGrowthBench {
  private static final long SMALL = Long.getLong("bench.small", 10_000);
  private static final long BIG = Long.getLong("bench.values", 10_000_000);
  private static final int SERIES = Integer.getInteger("bench.series", 100_000);
  private static final int MAX_SERIES = 200_000;
  private static final String[] INDICATORS = {"forhandsbedomningar-over-14-dagar", "utredningar-over-fyra-manader"};
  private static final String[] GENDERS = {"T", "K", "M"};
  private static final int POSTS = 300;
  private static final int CLIENTS = 4;
  private static final int FILL_DAYS = 1826;
  private static final String KALMAR = "0880";
  private static final String GROWN_UNIT = "bench-unit-1";
  private static final int QUERY_ROUNDS = 15;
  private static final int TICKS = 15;
  private static final int STATUS_CALLS = 100;
  private static final Duration ROUND_PAUSE = Duration.ofMillis(300);
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  private DatabaseUrl database;
  private TestService service;
  private Vertx client;
  private List<String> units;
  private final Map<String, String> kommunOf = new HashMap<>();
  private String shownUnit;
  private String kalmarRoot;
  private String periodType;
  private String source;
  private long smallDays;
  private LocalDate nextPostDay = LocalDate.of(2016, 1, 1);
  private final Map<String, double[]> small = new LinkedHashMap<>();
  private CatalogService tickCatalog;
  private ZoneId zone;
  private Map<String, SchedulerTicks.Reads> smallReads;
  private final List<String> table = new ArrayList<>();

  @Test
  void staysFlatAsTheDataGrows() throws Exception {
    database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
    // the bench times its own ticks; the service's timer would run the same work beside them
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT1H");
    env.put("INDIKATORVAKT_METRICS_MAX_SERIES", Integer.toString(MAX_SERIES));
    System.out.println(Machine.describe());
    System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + ", commit "
        + IngestThroughputBench.commit() + ", load average at start " + IngestThroughputBench.loadAverage());
    service = TestService.start(env);
    client = Vertx.vertx();
    Settings settings = Settings.load(env);
    Pool pool = DatabasePool.create(client, DatabasePool.connectOptions(database, settings.database()),
        settings.database());
    CatalogService catalog = CatalogService.load(client, settings.configDir(), settings.alerting().defaults())
        .await(60, TimeUnit.SECONDS);
    Function<Instant, Future<Void>> tick = SchedulerTicks.of(client, pool, catalog, settings, Clock.systemUTC());
    tickCatalog = catalog;
    zone = settings.notification().timeZone();
    Catalog shipped = IngestTestData.shippedCatalog();
    // the units of the kommuner that adopted both day-level indicators: a POST anywhere else would be refused
    units = shipped.organisation().units().stream()
        .filter(u -> u.validTo().isEmpty() && !u.validFrom().isAfter(nextPostDay))
        .filter(u -> shipped.kommunOf(u.id()).map(k -> Arrays.stream(INDICATORS).allMatch(i -> k.indicators()
            .stream().anyMatch(ki -> ki.id().equals(i)))).orElse(false))
        .map(OrgUnit::id).toList();
    units.forEach(u -> kommunOf.put(u, shipped.kommunOf(u).orElseThrow().code()));
    shownUnit = units.stream().filter(u -> kommunOf.get(u).equals(KALMAR)).findFirst().orElseThrow();
    kalmarRoot = shipped.organisation().units().stream()
        .filter(u -> u.parent().isEmpty() && shipped.kommunOf(u.id())
            .map(k -> k.code().equals(KALMAR)).orElse(false)).map(OrgUnit::id).findFirst().orElseThrow();
    try {
      long start = System.nanoTime();
      postOnce();
      fillSmall();
      measure("small", tick);
      long grow = System.nanoTime();
      fillBig();
      System.out.printf("grown to %d values in %.0f s%n", count("SELECT count(*) FROM measurement"),
          (System.nanoTime() - grow) / 1e9);
      measure("big", tick);
      scrapes();
      System.out.println();
      System.out.println("| figure | " + SMALL + " values | " + count("SELECT count(*) FROM measurement")
          + " values | ratio | goal |");
      System.out.println("|---|---|---|---|---|");
      table.forEach(System.out::println);
      System.out.printf("%nwhole run %.0f s, commit %s, load average at end %s%n", (System.nanoTime() - start) / 1e9,
          IngestThroughputBench.commit(), IngestThroughputBench.loadAverage());
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
      client.close().await(10, TimeUnit.SECONDS);
      service.close();
      TestDatabases.drop(database);
    }
  }

  private void postOnce() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
            + "/api/v1/measurements"))
        .header("Authorization", "Bearer " + IngestTestData.SOURCE_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(shownUnit, INDICATORS[0], "T", LocalDate.now().minusDays(1))))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new AssertionError("POST answered " + response.statusCode() + ": " + response.body());
    }
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement();
        ResultSet rs = s.executeQuery("SELECT period_type, source FROM measurement")) {
      rs.next();
      periodType = rs.getString(1);
      source = rs.getString(2);
    }
  }

  /**
   * Fills the small database: every series of the units (both day-level indicators × kön) gets the same number of
   * days ending yesterday, enough for {@code bench.small} values in all, except the pair the dashboard queries read
   * ({@link #shownUnit}, the first indicator), which gets its five years here already. Its rows, and so what the
   * dashboards read of it, are the same in both sizes: the comparison is of the same series with the same history,
   * and the growth is in the other series beside it.
   */
  private void fillSmall() throws Exception {
    long have = count("SELECT count(*) FROM measurement");
    long others = (long) INDICATORS.length * GENDERS.length * units.size() - GENDERS.length;
    smallDays = Math.max(1, Math.min(FILL_DAYS, (SMALL - have - (long) GENDERS.length * FILL_DAYS) / others));
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement()) {
      seriesTable(s);
      s.execute("""
          INSERT INTO fill_series
          SELECT x.k, i, x.u, g, CASE WHEN i = '%s' AND x.u = '%s' THEN current_date - %d ELSE current_date - %d END,
                 current_date - 1
            FROM %s, unnest(ARRAY['%s']) AS i, unnest(ARRAY['T','K','M']) AS g""".formatted(INDICATORS[0], shownUnit,
          FILL_DAYS, smallDays, unitsAndKommuner(), String.join("','", INDICATORS)));
      s.execute(insertDays() + " ON CONFLICT DO NOTHING");
      pairs(s);
      s.execute("ANALYZE");
    }
    System.out.printf("measurement %d rows (%d days per series, %d for the dashboards' series), load average %s%n",
        count("SELECT count(*) FROM measurement"), smallDays, FILL_DAYS, IngestThroughputBench.loadAverage());
  }

  /**
   * Grows the same database to about {@code bench.values}: the units' series get the rest of their five years, and
   * synthetic units {@code bench-unit-N} of Kalmar (so that the kommun the dashboards and /status show grows too)
   * five years each. Rows are written day by day across all series, as a daily report would arrive, so that a
   * series' days lie on different pages. One transaction drops the secondary indexes of measurement (the service
   * waits on its lock meanwhile; nothing is measured then), writes the rows with one INSERT … SELECT, builds the
   * indexes again in one pass each, and commits; then VACUUM (ANALYZE) sets hint bits, the visibility map and the
   * statistics, as autovacuum would have over the years. The fill keeps the server's settings (fsync and
   * synchronous_commit on): the run measures the durable server.
   */
  private void fillBig() throws Exception {
    long have = count("SELECT count(*) FROM measurement");
    long others = (long) INDICATORS.length * GENDERS.length * units.size() - GENDERS.length;
    long olderDays = Math.min(FILL_DAYS - smallDays, Math.max(0, (BIG - have) / others));
    long perUnit = (long) INDICATORS.length * GENDERS.length * FILL_DAYS;
    long extraUnits = Math.max(0, Math.round((BIG - have - others * olderDays) / (double) perUnit));
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement()) {
      seriesTable(s);
      s.execute("""
          INSERT INTO fill_series
          SELECT x.k, i, x.u, g, current_date - %d, current_date - %d
            FROM %s, unnest(ARRAY['%s']) AS i, unnest(ARRAY['T','K','M']) AS g
           WHERE NOT (i = '%s' AND x.u = '%s') AND %d > 0""".formatted(smallDays + olderDays, smallDays + 1,
          unitsAndKommuner(), String.join("','", INDICATORS), INDICATORS[0], shownUnit, olderDays));
      s.execute("""
          INSERT INTO fill_series
          SELECT '%s', i, 'bench-unit-' || n, g, current_date - %d, current_date - 1
            FROM generate_series(1, %d) AS n, unnest(ARRAY['%s']) AS i, unnest(ARRAY['T','K','M']) AS g"""
          .formatted(KALMAR, FILL_DAYS, extraUnits, String.join("','", INDICATORS)));
      jdbc.setAutoCommit(false);
      s.execute("SET LOCAL maintenance_work_mem = '1GB'");
      List<String> rebuild = ScaleValues.dropSecondaryIndexes(s);
      long start = System.nanoTime();
      s.execute(insertDays());
      long inserted = System.nanoTime();
      for (String sql : rebuild) {
        s.execute(sql);
      }
      jdbc.commit();
      long indexed = System.nanoTime();
      jdbc.setAutoCommit(true);
      s.execute("VACUUM (ANALYZE) measurement");
      long vacuumed = System.nanoTime();
      pairs(s);
      s.execute("ANALYZE alert_series");
      System.out.printf("fill: INSERT %.0f s, indexes %.0f s, VACUUM (ANALYZE) %.0f s (%d synthetic units, %d more "
          + "days for the units' series)%n", (inserted - start) / 1e9, (indexed - inserted) / 1e9,
          (vacuumed - indexed) / 1e9, extraUnits, olderDays);
    }
    System.out.printf("measurement %d rows, alert_series %d pairs, load average %s%n",
        count("SELECT count(*) FROM measurement"), count("SELECT count(*) FROM alert_series"),
        IngestThroughputBench.loadAverage());
  }

  private static void seriesTable(Statement s) throws Exception {
    s.execute("""
        CREATE TEMP TABLE IF NOT EXISTS fill_series (kommun text, indicator_id text, org_unit_id text, gender text,
                                                     first_day date, last_day date)""");
    s.execute("TRUNCATE fill_series");
  }

  private String unitsAndKommuner() {
    return "unnest(ARRAY['" + String.join("','", units) + "'], ARRAY['"
        + String.join("','", units.stream().map(kommunOf::get).toList()) + "']) AS x(u, k)";
  }

  /** The rows of fill_series' days, day after day (the lateral join keeps the day outermost). */
  private String insertDays() {
    return """
        INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                                 period_end, value, result, source, observed_at, revision, created_at, updated_at)
        SELECT s.kommun, s.indicator_id, s.org_unit_id, s.gender, to_char(x.d, 'YYYY-MM-DD'), '%s', x.d, x.d,
               abs(hashtext(s.org_unit_id || s.gender || x.d)) %% 23, 'no-target', '%s', now(), 1, now(), now()
          FROM generate_series(current_date - %d, current_date - 1, interval '1 day') AS dd
         CROSS JOIN LATERAL (SELECT dd::date AS d) x
         CROSS JOIN LATERAL (SELECT * FROM fill_series f WHERE x.d BETWEEN f.first_day AND f.last_day) s"""
        .formatted(periodType, source, FILL_DAYS);
  }

  /** The (indicator, unit) pairs into alert_series with the day their next report is due, as ingest records them. */
  private static void pairs(Statement s) throws Exception {
    s.execute("""
        INSERT INTO alert_series (kommun, indicator_id, org_unit_id, next_report_due)
        SELECT kommun, indicator_id, org_unit_id, max(last_day) + 1 FROM fill_series GROUP BY 1, 2, 3
        ON CONFLICT DO NOTHING""");
  }

  private void measure(String size, Function<Instant, Future<Void>> tick) throws Exception {
    System.out.println("measuring " + size + ", load average " + IngestThroughputBench.loadAverage());
    // the same warm-up before both sizes: connections, caches and the JIT of the paths timed below
    posts(60);
    IngestThroughputBench.Result posts = posts(POSTS);
    record("single POST p50 (" + POSTS + " POSTs, " + CLIENTS + " connections)", size, posts.percentileMillis(0.5),
        "–");
    record("single POST p99", size, posts.percentileMillis(0.99), "≤ 1.5 ×");
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i < TICKS; i++) {
      long start = System.nanoTime();
      tick.apply(Instant.now()).await(120, TimeUnit.SECONDS);
      ticks.add((System.nanoTime() - start) / 1e6);
      // spread over some seconds, so that one burst of the machine's other load does not decide the median
      Thread.sleep(ROUND_PAUSE.toMillis());
    }
    System.out.println(size + ", scheduler ticks: " + ticks.stream().map(t -> String.format("%.0f", t)).toList());
    record("one scheduler tick (median of " + TICKS + ")", size, IngestThroughputBench.median(ticks), "≤ 1.5 ×");
    record("one scheduler tick, the fastest of " + TICKS, size, ticks.stream().mapToDouble(Double::doubleValue).min()
        .orElseThrow(), "–");
    tickReads(size);
    List<Long> status = new ArrayList<>();
    for (int i = 0; i < STATUS_CALLS; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
          + "/api/v1/status?orgUnit=" + kalmarRoot)).header("Authorization", "Bearer " + IngestTestData.SOURCE_KEY)
          .GET().build();
      long start = System.nanoTime();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      status.add(System.nanoTime() - start);
      if (response.statusCode() != 200) {
        throw new AssertionError("/status answered " + response.statusCode() + ": " + response.body());
      }
    }
    IngestThroughputBench.Result statusTimes = new IngestThroughputBench.Result(
        status.stream().mapToLong(Long::longValue).toArray(), 0, 1);
    record("/api/v1/status?orgUnit=" + kalmarRoot + " p50 (" + STATUS_CALLS + " calls)", size,
        statusTimes.percentileMillis(0.5), "–");
    record("/api/v1/status of Kalmar p99", size, statusTimes.percentileMillis(0.99), "≤ 1.5 ×");
    Map<String, String> variables = new HashMap<>();
    variables.put("indikator", INDICATORS[0]);
    variables.put("enhet", shownUnit);
    variables.put("kon", "T");
    variables.put("kommun", KALMAR);
    variables.put("instans", ".*");
    Map<String, String> sqls = new LinkedHashMap<>();
    Map<String, String> grownSqls = new LinkedHashMap<>();
    for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
      if (q.promql()) {
        continue;
      }
      // the dashboard's own time range, as Grafana fills $__timeFilter when it opens the dashboard
      Instant to = Instant.now();
      Instant from = since(q.dashboard().json().getJsonObject("time").getString("from"), to);
      sqls.put(q.where(), GrafanaDashboards.sqlMacros(q.text(), from, to, variables));
      if (size.equals("big") && q.text().contains("FROM grafana_measurement\n")) {
        // the same panel for a series that grew with the others, its days interleaved with theirs page by page
        Map<String, String> grown = new HashMap<>(variables);
        grown.put("enhet", GROWN_UNIT);
        grownSqls.put(q.where(), GrafanaDashboards.sqlMacros(q.text(), from, to, grown));
      }
    }
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, List<Double>> grownTimes = new LinkedHashMap<>();
    StringBuilder plans = new StringBuilder();
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement()) {
      // as Grafana reads them: the reader role, under its row-level policies
      s.execute("SET ROLE indikatorvakt_reader");
      // round after round over every query, spread over some seconds, so that a burst of the machine's other load
      // falls on all queries alike rather than on all runs of one
      for (int round = 0; round < QUERY_ROUNDS; round++) {
        for (Map.Entry<String, String> q : sqls.entrySet()) {
          times.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(queryMillis(s, q.getValue()));
        }
        for (Map.Entry<String, String> q : grownSqls.entrySet()) {
          grownTimes.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(queryMillis(s, q.getValue()));
        }
        Thread.sleep(ROUND_PAUSE.toMillis());
      }
      for (Map.Entry<String, String> q : sqls.entrySet()) {
        long buffers = plan(s, q.getKey(), q.getValue(), plans);
        record("SQL " + q.getKey() + " (median of " + QUERY_ROUNDS + ")", size,
            IngestThroughputBench.median(times.get(q.getKey())), "≤ 1.5 ×", buffers);
        if (grownSqls.containsKey(q.getKey())) {
          long grownBuffers = plan(s, q.getKey() + " for " + GROWN_UNIT, grownSqls.get(q.getKey()), plans);
          table.add(String.format("| SQL %s for %s (five years, written day by day with every other series; "
              + "median of %d; plan touched %d buffers) | – | %.1f ms | – | – |", q.getKey(), GROWN_UNIT, QUERY_ROUNDS,
              grownBuffers, IngestThroughputBench.median(grownTimes.get(q.getKey()))));
        }
      }
    }
    Path file = Path.of("target", "flat-growth-plans-" + size + ".txt");
    Files.writeString(file, plans);
    System.out.println("plans of the SQL queries at " + size + " (as indikatorvakt_reader): " + file);
  }

  /**
   * The tick's statements, EXPLAINed as the tick sends them: the rows each returned (the due work it found: overdue
   * pairs, own målvärden to check, pending and settling alerts, notices due, silences) and the buffers it touched,
   * beside what is stored. Both sizes have the same due work by construction (the synthetic units' pairs report
   * yesterday, their next report is not yet overdue, and their values have no målvärde, so no alert), so the
   * comparison of the tick's time is of the same work against far more stored data; the rows show that it is.
   */
  private void tickReads(String size) throws Exception {
    Map<String, SchedulerTicks.Reads> reads;
    try (Connection jdbc = jdbc()) {
      reads = SchedulerTicks.explain(jdbc, tickCatalog.current(), Instant.now(), zone, tickCatalog.current().version());
    }
    long rows = reads.values().stream().mapToLong(SchedulerTicks.Reads::rows).sum();
    long buffers = reads.values().stream().mapToLong(SchedulerTicks.Reads::buffers).sum();
    String stored = String.format("%d values, %d pairs, %d firing unacknowledged alerts",
        count("SELECT count(*) FROM measurement"), count("SELECT count(*) FROM alert_series"),
        count("SELECT count(*) FROM alert WHERE state = 'firing' AND acknowledged_at IS NULL"));
    System.out.printf("%s, the tick's statements over all kommuner (%s): %s%n", size, stored, reads);
    if (size.equals("small")) {
      smallReads = reads;
      table.add("| stored when the tick was timed: " + stored + " | – | – | – | – |");
      return;
    }
    table.add("| stored when the tick was timed: " + stored + " | – | – | – | – |");
    long smallRows = smallReads.values().stream().mapToLong(SchedulerTicks.Reads::rows).sum();
    long smallBuffers = smallReads.values().stream().mapToLong(SchedulerTicks.Reads::buffers).sum();
    table.add(String.format("| one tick's statements, all kommuner: rows returned (the due work) %d → %d, buffers "
        + "touched %d → %d (%s) | – | – | – | – |", smallRows, rows, smallBuffers, buffers, reads.keySet().stream()
        .map(k -> k + " " + smallReads.get(k).rows() + "/" + smallReads.get(k).buffers() + " → " + reads.get(k).rows()
            + "/" + reads.get(k).buffers())
        .collect(Collectors.joining(", "))));
  }

  private static double queryMillis(Statement s, String sql) throws Exception {
    long start = System.nanoTime();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /** Appends the query's plan with what it did; returns the shared buffers its top node touched (hit and read). */
  private static long plan(Statement s, String where, String sql, StringBuilder plans) throws Exception {
    plans.append("-- ").append(where).append('\n').append(sql).append('\n');
    long buffers = -1;
    Pattern shared = Pattern.compile("^\\s*Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
    try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
      boolean planning = false;
      while (rs.next()) {
        String line = rs.getString(1);
        plans.append(line).append('\n');
        planning |= line.startsWith("Planning");
        Matcher m = shared.matcher(line);
        if (buffers < 0 && !planning && m.find()) {
          buffers = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
              + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        }
      }
    }
    plans.append('\n');
    return Math.max(buffers, 0);
  }

  /** Grafana's relative time ("now-6y", "now-7d", "now-3h"), counted back from {@code to} in UTC. */
  static Instant since(String relative, Instant to) {
    Matcher m = Pattern.compile("now-(\\d+)([smhdwMy])").matcher(relative);
    if (!m.matches()) {
      throw new AssertionError("a dashboard time range the bench does not know: " + relative);
    }
    long n = Long.parseLong(m.group(1));
    ZonedDateTime at = to.atZone(ZoneOffset.UTC);
    ZonedDateTime from = switch (m.group(2)) {
      case "s" -> at.minusSeconds(n);
      case "m" -> at.minusMinutes(n);
      case "h" -> at.minusHours(n);
      case "d" -> at.minusDays(n);
      case "w" -> at.minusWeeks(n);
      case "M" -> at.minusMonths(n);
      default -> at.minusYears(n);
    };
    return from.toInstant();
  }

  private void record(String figure, String size, double millis, String goal) {
    record(figure, size, millis, goal, -1);
  }

  /**
   * {@code buffers}, when not negative, is what the plan of the query touched (shared buffers hit and read): unlike
   * the milliseconds, it does not depend on the load of the machine at the moment, so it shows in the table beside
   * them.
   */
  private void record(String figure, String size, double millis, String goal, long buffers) {
    // printed at once, so that a run cut short by its time bound still shows what it measured
    System.out.printf("%s, %s: %.1f ms%s%n", size, figure, millis, buffers < 0 ? "" : ", " + buffers + " buffers");
    if (size.equals("small")) {
      small.put(figure, new double[] {millis, buffers});
      return;
    }
    double before = small.get(figure)[0];
    double ratio = millis / before;
    boolean met = !goal.startsWith("≤") || ratio <= 1.5;
    String touched = buffers < 0 ? "" : String.format("; plan touched %d → %d buffers", (long) small.get(figure)[1],
        buffers);
    table.add(String.format("| %s%s | %.1f ms | %.1f ms | %.2f | %s%s |", figure, touched, before, millis, ratio, goal,
        goal.startsWith("≤") ? (met ? " met" : " **missed**") : ""));
  }

  /** Single POSTs of new periods of existing series, {@code CLIENTS} in flight, through the other bench's loop. */
  private IngestThroughputBench.Result posts(int count) throws Exception {
    List<Buffer> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int seriesIndex = i % (units.size() * INDICATORS.length);
      bodies.add(Buffer.buffer(body(units.get(seriesIndex % units.size()), INDICATORS[seriesIndex / units.size()], "T",
          nextPostDay)));
      if (seriesIndex == units.size() * INDICATORS.length - 1) {
        nextPostDay = nextPostDay.plusDays(1);
      }
    }
    nextPostDay = nextPostDay.plusDays(1);
    return load(bodies, CLIENTS, Duration.ofSeconds(120), null);
  }

  private IngestThroughputBench.Result load(List<Buffer> bodies, int clients, Duration limit, AtomicBoolean stop)
      throws Exception {
    HttpClient http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(service.apiPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients));
    long[] latencies = new long[bodies.size()];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    long deadline = System.nanoTime() + limit.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/measurements")
        .putHeader("Authorization", "Bearer " + IngestTestData.SOURCE_KEY)
        .putHeader("Content-Type", "application/json");
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      client.runOnContext(v -> IngestThroughputBench.next(http, options, bodies, latencies, issued, completed, failures,
          lastEnd, deadline, done));
    }
    done.await(limit.toSeconds() + 60, TimeUnit.SECONDS);
    http.close().await(10, TimeUnit.SECONDS);
    if (failures.get() > 0) {
      System.out.println("POSTs not answered 201: " + failures.get());
    }
    return new IngestThroughputBench.Result(Arrays.copyOf(latencies, completed.get()), failures.get(),
        lastEnd.get() - start);
  }

  /** Series up to {@code SERIES} (one period each), then 20 scrapes of /metrics while single POSTs go on. */
  private void scrapes() throws Exception {
    long have = count("SELECT count(*) FROM (SELECT DISTINCT indicator_id, org_unit_id, gender FROM measurement) s");
    long missing = Math.max(0, SERIES - have);
    long start = System.nanoTime();
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement()) {
      s.execute("""
          INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                                   period_end, value, result, source, observed_at, revision, created_at, updated_at)
          SELECT '%s', i, 'bench-series-' || n, g, to_char(current_date - 1, 'YYYY-MM-DD'), '%s', current_date - 1,
                 current_date - 1, n %% 23, 'no-target', '%s', now(), 1, now(), now()
            FROM unnest(ARRAY['%s']) AS i, unnest(ARRAY['T','K','M']) AS g, generate_series(1, %d) AS n
           LIMIT %d
          ON CONFLICT DO NOTHING""".formatted(KALMAR, periodType, source, String.join("','", INDICATORS),
          (missing + 5) / 6, missing));
      s.execute("""
          INSERT INTO alert_series (kommun, indicator_id, org_unit_id, next_report_due)
          SELECT kommun, indicator_id, org_unit_id, max(period_end) + 1 FROM measurement
           WHERE org_unit_id LIKE 'bench-series-%' GROUP BY 1, 2, 3
          ON CONFLICT DO NOTHING""");
      s.execute("ANALYZE");
    }
    long series = count("SELECT count(*) FROM (SELECT DISTINCT indicator_id, org_unit_id, gender FROM measurement) s");
    System.out.printf("series in measurement: %d (added in %.0f s)%n", series, (System.nanoTime() - start) / 1e9);
    List<Buffer> bodies = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      int seriesIndex = i % (units.size() * INDICATORS.length);
      bodies.add(Buffer.buffer(body(units.get(seriesIndex % units.size()), INDICATORS[seriesIndex / units.size()], "T",
          nextPostDay)));
      if (seriesIndex == units.size() * INDICATORS.length - 1) {
        nextPostDay = nextPostDay.plusDays(1);
      }
    }
    CountDownLatch ingestDone = new CountDownLatch(1);
    AtomicLong ingested = new AtomicLong();
    Thread ingest = new Thread(() -> {
      try {
        ingested.set(load(bodies, 2, Duration.ofSeconds(60), null).latencies().length);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        ingestDone.countDown();
      }
    });
    ingest.start();
    List<Long> times = new ArrayList<>();
    int samples = 0;
    long bytes = 0;
    for (int i = 0; i < 20 && ingestDone.getCount() > 0; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.managementPort()
          + "/metrics")).GET().build();
      long sent = System.nanoTime();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      times.add(System.nanoTime() - sent);
      bytes = response.body().length();
      samples = (int) response.body().lines().filter(l -> l.startsWith("indikatorvakt_indicator_value{")).count();
      Thread.sleep(500);
    }
    ingestDone.await(120, TimeUnit.SECONDS);
    IngestThroughputBench.Result scrape = new IngestThroughputBench.Result(
        times.stream().mapToLong(Long::longValue).toArray(), 0, 1);
    table.add(String.format("| /metrics scrape at %d series in measurement while 2 connections ingest (%d POSTs in "
        + "the window), %d scrapes, %d indikatorvakt_indicator_value samples, %d kB | – | p50 %.0f ms, p99 %.0f ms | – | "
        + "p99 < 1 s %s |", series, ingested.get(), times.size(), samples, bytes / 1024, scrape.percentileMillis(0.5),
        scrape.percentileMillis(0.99), scrape.percentileMillis(0.99) < 1000 ? "met" : "**missed**"));
  }

  private static String body(String unit, String indicator, String gender, LocalDate day) {
    return "{\"indicator\":\"" + indicator + "\",\"orgUnit\":\"" + unit + "\",\"gender\":\"" + gender
        + "\",\"period\":\"" + day + "\",\"value\":" + (day.getDayOfMonth() % 23) + "}";
  }

  private long count(String sql) throws Exception {
    try (Connection jdbc = jdbc(); Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection jdbc() throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }
}
