package se.indikatorvakt.scale;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * What one kommun costs when the installation holds many (issue 14, "Scale"); not part of the normal suite:
 * {@code mvn -B -ntp -Pbench test -Dtest=ManyKommunerBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.kommuner=290 -Dbench.units=30 -Dbench.years=3} are the defaults).
 *
 * <p>In one run, on the durable test PostgreSQL, one installation after the other (each its own database, the first
 * stopped and dropped before the second starts, so memory stays bounded): (a) one generated kommun and (b)
 * {@code bench.kommuner} of them (see {@link GeneratedInstallation}), each with {@code bench.years} years of values
 * for every series loaded by COPY ({@link ScaleValues}). Kommun 9001 is the same in both. For each: single POSTs of
 * new values of kommun 9001 at 8 connections, one scheduler tick (the scheduler's own timer, ticking every 5 s), the
 * status of kommun 9001 ({@code GET /api/v1/status?orgUnit=<its root>} with the admin key of every kommun), and {@code /metrics} (size and scrape time;
 * {@code /metrics?kommun=9001} as well where the service offers it). Prints one table with the ratio of (b) to (a).
 */
@Tag("bench")
class ManyKommunerBench {
  private static final int KOMMUNER = Integer.getInteger("bench.kommuner", 290);
  private static final int UNITS = Integer.getInteger("bench.units", 30);
  private static final int YEARS = Integer.getInteger("bench.years", 3);
  private static final int POSTS = Integer.getInteger("bench.posts", 1600);
  /** metrics.maxSeries of both installations; the shipped setting when not given. */
  private static final String MAX_SERIES = System.getProperty("bench.maxSeries");
  private static final int WARM_UP = 300;
  private static final int CONNECTIONS = 8;
  private static final int STATUS_CALLS = 30;
  private static final int SCRAPES = 10;
  private static final int TICKS = 5;
  /** Scrapes of each kind while {@link #BACKGROUND_CONNECTIONS} connections keep posting. */
  private static final int SCRAPES_WHILE_INGESTING = Integer.getInteger("bench.scrapesWhileIngesting", 20);
  private static final int BACKGROUND_CONNECTIONS = 2;
  private static final int BACKGROUND_BODIES = 20_000;
  private static final String SOURCE_KEY = "dev-indikatorvakt-local-key";
  /** Holds every kommun of the installation ({@link GeneratedInstallation#settings}): a status read across them all. */
  private static final String ADMIN_KEY = "dev-indikatorvakt-admin-key";
  private static final String MEASURED = GeneratedInstallation.code(1);
  private static final String POSTED_INDICATOR = "forhandsbedomningar-over-14-dagar";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  /** One installation's figures, by name, in the order they are printed. */
  private record Figures(Map<String, Double> values, String loaded) {}

  @Test
  void oneKommunAgainstMany() throws Exception {
    String startLoad = loadAverage();
    System.out.println(Machine.describe());
    System.out.println("commit " + commit() + ", load average at start: " + startLoad);
    System.out.println("warm-up, not measured: 1 kommun without values, so that (a) does not pay for the JIT");
    installation(1, 0, "warm-up");
    Figures one = installation(1, YEARS, "(a)");
    Figures many = installation(KOMMUNER, YEARS, "(b)");
    String endLoad = loadAverage();

    StringBuilder table = new StringBuilder()
        .append("\n| figure | 1 kommun | ").append(KOMMUNER).append(" kommuner | ratio |\n|---|---|---|---|\n");
    for (String figure : one.values().keySet()) {
      double a = one.values().get(figure);
      double b = many.values().getOrDefault(figure, Double.NaN);
      table.append("| ").append(figure).append(" | ").append(format(a)).append(" | ").append(format(b))
          .append(" | ").append(a == 0 || Double.isNaN(a) || Double.isNaN(b) ? "–" : String.format("%.2f", b / a))
          .append(" |\n");
    }
    System.out.println(table);
    System.out.println("(a) " + one.loaded());
    System.out.println("(b) " + many.loaded());
    System.out.println(Machine.describe() + "; commit " + commit() + "; load average at start " + startLoad
        + ", at end " + endLoad + " (a shared machine: other work runs beside this)");
  }

  private static Figures installation(int kommuner, int years, String label) throws Exception {
    System.out.println(label + " starts, load average " + loadAverage());
    Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
    Path config = Files.createTempDirectory(Files.createDirectories(work), "scale-" + kommuner + "-");
    long generating = System.nanoTime();
    List<GeneratedInstallation.Generated> generated = GeneratedInstallation.write(config, kommuner, UNITS);
    long generatedMillis = (System.nanoTime() - generating) / 1_000_000;
    DatabaseUrl database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", config.toString());
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT5S");
    if (MAX_SERIES != null) {
      env.put("INDIKATORVAKT_METRICS_MAX_SERIES", MAX_SERIES);
    }
    Settings settings = Settings.load(env);
    ZoneId zone = settings.notification().timeZone();
    Catalog catalog = CatalogLoader.load(config, settings.alerting().defaults()).catalog();
    Instant now = Instant.now();
    Migrations.migrate(database);
    ScaleValues.Loaded loaded;
    try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      loaded = ScaleValues.load(jdbc, catalog, now, zone, years);
    }
    String what = String.format("%d kommuner × %d units (%d units, %d indicators in all): %d values in %d series "
            + "(%d indicator × unit pairs), %d years back from the periods due on %s; generated in %.1f s, COPY in "
            + "%.1f s (%.1f s of it waiting for PostgreSQL), indexes and VACUUM ANALYZE in %.1f s", kommuner, UNITS,
        catalog.organisation().units().size(), catalog.indicators().size(), loaded.values(), loaded.series(),
        loaded.pairs(), years, LocalDate.ofInstant(now, zone), generatedMillis / 1000.0, loaded.copyMillis() / 1000.0,
        loaded.serverMillis() / 1000.0, loaded.indexMillis() / 1000.0);
    System.out.println(what);

    Map<String, Double> figures = new LinkedHashMap<>();
    long starting = System.nanoTime();
    TestService service;
    try {
      service = TestService.startReady(env, java.time.Clock.systemUTC());
    } catch (IllegalStateException e) {
      String failed = String.format("the service did not start (%s) after %.1f s", e.getMessage(),
          (System.nanoTime() - starting) / 1e9);
      System.out.println(label + ": " + failed);
      TestDatabases.drop(database);
      delete(config);
      return new Figures(figures, what + "; " + failed);
    }
    Vertx client = Vertx.vertx();
    try {
      long ready = System.nanoTime();
      figures.put("start-up to ready (s)", (ready - starting) / 1e9);
      Timer refresh = service.app().registry().find("indikatorvakt.metrics.refresh.duration").timer();
      await("the first refresh of the domain gauges", Duration.ofMinutes(15), () -> refresh.count() > 0);
      figures.put("first read of every series by the gauges, after ready (s)", (System.nanoTime() - ready) / 1e9);
      Kommun measured = catalog.kommun(MEASURED).orElseThrow();
      List<String> bodies = posts(measured, now.atZone(zone).toLocalDate().minusYears(YEARS),
          POSTS + WARM_UP + BACKGROUND_BODIES);
      List<String> background = bodies.subList(POSTS + WARM_UP, bodies.size());
      bodies = bodies.subList(0, POSTS + WARM_UP);
      load(client, service.apiPort(), bodies.subList(0, WARM_UP), CONNECTIONS);
      long[] posts = load(client, service.apiPort(), bodies.subList(WARM_UP, bodies.size()), CONNECTIONS);
      figures.put("single POST p50, " + CONNECTIONS + " connections (ms)", percentile(posts, 0.50));
      figures.put("single POST p99, " + CONNECTIONS + " connections (ms)", percentile(posts, 0.99));

      String status = "/api/v1/status?orgUnit=" + measured.rootUnit();
      Sample statusCalls = calls(service.apiPort(), status, STATUS_CALLS, true);
      figures.put("/status of one kommun p50 (ms)", statusCalls.p50());
      figures.put("/status of one kommun p99 (ms)", statusCalls.p99());
      figures.put("/status of one kommun size (kB)", statusCalls.bytes() / 1000.0);

      Sample scrape = calls(service.managementPort(), "/metrics", SCRAPES, false);
      figures.put("/metrics size (MB)", scrape.bytes() / 1e6);
      figures.put("/metrics scrape p50 (ms)", scrape.p50());
      figures.put("/metrics scrape p99 (ms)", scrape.p99());
      figures.put("indicator series in the installation", scrape.allSeries());
      figures.put("indicator series with gauges on /metrics", (double) scrape.valueLines());
      Sample oneKommun = calls(service.managementPort(), "/metrics?kommun=" + MEASURED, SCRAPES, false);
      if (oneKommun.bytes() != scrape.bytes()) {
        figures.put("/metrics?kommun=" + MEASURED + " size (kB)", oneKommun.bytes() / 1000.0);
        figures.put("/metrics?kommun=" + MEASURED + " scrape p50 (ms)", oneKommun.p50());
      } else {
        System.out.println("/metrics?kommun=" + MEASURED + " answers the whole exposition: no scrape per kommun");
      }
      figures.put("gauge refresh, mean (ms)", refresh.mean(TimeUnit.MILLISECONDS));

      // what Prometheus meets: scrapes asking for gzip while values arrive, so that the data changes between them
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger posted = new AtomicInteger();
      CountDownLatch stopped = ingest(client, service.apiPort(), background, BACKGROUND_CONNECTIONS, stop, posted);
      Sample wholeWhileIngesting;
      Sample kommunWhileIngesting;
      try {
        wholeWhileIngesting = gzipCalls(service.managementPort(), "/metrics", SCRAPES_WHILE_INGESTING);
        kommunWhileIngesting = gzipCalls(service.managementPort(), "/metrics?kommun=" + MEASURED,
            SCRAPES_WHILE_INGESTING);
      } finally {
        stop.set(true);
        stopped.await(2, TimeUnit.MINUTES);
      }
      figures.put("/metrics gzip scrape while " + BACKGROUND_CONNECTIONS + " connections post, p50 (ms)",
          wholeWhileIngesting.p50());
      figures.put("/metrics gzip scrape while posting, p99 (ms)", wholeWhileIngesting.p99());
      figures.put("/metrics gzip size (MB)", wholeWhileIngesting.bytes() / 1e6);
      figures.put("/metrics?kommun=" + MEASURED + " gzip scrape while posting, p50 (ms)", kommunWhileIngesting.p50());
      figures.put("/metrics?kommun=" + MEASURED + " gzip scrape while posting, p99 (ms)", kommunWhileIngesting.p99());
      figures.put("POSTs during those scrapes", (double) posted.get());
      System.gc();
      figures.put("VmRSS of the test JVM (service + load clients + benchmark), MiB", vmRssMegabytes());
      figures.put("heap used after a GC, MiB", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
          / 1048576.0);

      if (years > 0) {
        figures.put("one scheduler tick, median of " + TICKS + " (ms)", ticks(service));
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      service.close();
      TestDatabases.drop(database);
      delete(config);
    }
    figures.forEach((name, value) -> Machine.figure(label + " " + name, format(value), "",
        generated.size() + " generated kommuner"));
    return new Figures(figures, what);
  }

  /** Single new values of the measured kommun: days before the loaded years, for every unit that existed then. */
  private static List<String> posts(Kommun kommun, LocalDate before, int count) {
    List<String> bodies = new ArrayList<>(count);
    for (LocalDate next = before.minusDays(1); bodies.size() < count; next = next.minusDays(1)) {
      LocalDate day = next;
      for (OrgUnit unit : kommun.organisation().units()) {
        if (!unit.validFrom().isAfter(day) && unit.validTo().map(to -> !to.isBefore(day)).orElse(true)
            && bodies.size() < count) {
          bodies.add("{\"indicator\":\"" + POSTED_INDICATOR + "\",\"orgUnit\":\"" + unit.id() + "\",\"period\":\""
              + day + "\",\"value\":" + (bodies.size() % 7 == 0 ? 1 : 0) + "}");
        }
      }
    }
    return bodies;
  }

  /** Nanoseconds of each POST, {@code connections} always in flight; every answer must be 201. */
  private static long[] load(Vertx client, int port, List<String> bodies, int connections) throws Exception {
    HttpClient http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/measurements")
        .putHeader("Authorization", "Bearer " + SOURCE_KEY).putHeader("Content-Type", "application/json");
    long[] latencies = new long[bodies.size()];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      client.runOnContext(v -> next(http, options, bodies, latencies, issued, failed, done));
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new AssertionError("the POSTs did not finish in 10 minutes");
    }
    http.close().await(10, TimeUnit.SECONDS);
    if (failed.get() > 0) {
      throw new AssertionError(failed.get() + " of " + bodies.size() + " POSTs were not answered 201");
    }
    return latencies;
  }

  private static void next(HttpClient http, RequestOptions options, List<String> bodies, long[] latencies,
      AtomicInteger issued, AtomicInteger failed, CountDownLatch done) {
    int i = issued.getAndIncrement();
    if (i >= bodies.size()) {
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    http.request(options)
        .compose(request -> request.send(Buffer.buffer(bodies.get(i))))
        .compose(response -> response.body().map(b -> {
          if (response.statusCode() != 201 && failed.get() == 0) {
            System.out.println("first POST not answered 201: " + response.statusCode() + " " + b);
          }
          return response.statusCode();
        }))
        .recover(e -> {
          System.out.println("a POST failed: " + e);
          return Future.succeededFuture(-1);
        })
        .onComplete(status -> {
          latencies[i] = System.nanoTime() - sent;
          if (status.result() != 201) {
            failed.incrementAndGet();
          }
          next(http, options, bodies, latencies, issued, failed, done);
        });
  }

  /**
   * {@code connections} posting the bodies in turn until {@code stop} (or the bodies run out); the latch opens when
   * every connection has stopped. Answers other than 201 are not counted as posted.
   */
  private static CountDownLatch ingest(Vertx client, int port, List<String> bodies, int connections, AtomicBoolean stop,
      AtomicInteger posted) {
    HttpClient http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/measurements")
        .putHeader("Authorization", "Bearer " + SOURCE_KEY).putHeader("Content-Type", "application/json");
    AtomicInteger issued = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      client.runOnContext(v -> nextWhile(http, options, bodies, issued, stop, posted, done));
    }
    return done;
  }

  private static void nextWhile(HttpClient http, RequestOptions options, List<String> bodies, AtomicInteger issued,
      AtomicBoolean stop, AtomicInteger posted, CountDownLatch done) {
    int i = issued.getAndIncrement();
    if (stop.get() || i >= bodies.size()) {
      done.countDown();
      return;
    }
    http.request(options)
        .compose(request -> request.send(Buffer.buffer(bodies.get(i))))
        .compose(response -> response.body().map(b -> response.statusCode()))
        .recover(e -> Future.succeededFuture(-1))
        .onComplete(status -> {
          if (status.result() == 201) {
            posted.incrementAndGet();
          }
          nextWhile(http, options, bodies, issued, stop, posted, done);
        });
  }

  /** Sequential scrapes asking for gzip, as Prometheus does, after one untimed: the compressed size and the times. */
  private static Sample gzipCalls(int port, String path, int count) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMinutes(10)).header("Accept-Encoding", "gzip").GET().build();
    HttpResponse<byte[]> first = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 200) {
      throw new AssertionError(path + " answered " + first.statusCode());
    }
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      nanos[i] = System.nanoTime() - start;
    }
    return new Sample(first.body().length, 0, 0, percentile(nanos, 0.5), percentile(nanos, 0.99));
  }

  private static double vmRssMegabytes() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
          .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0).findFirst().orElse(Double.NaN);
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** Sequential GETs after one untimed: the size of the answer and the times; the API ones with the admin key of every kommun. */
  private record Sample(long bytes, long valueLines, double allSeries, double p50, double p99) {}

  private static Sample calls(int port, String path, int count, boolean api) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMinutes(10));
    if (api) {
      builder.header("Authorization", "Bearer " + ADMIN_KEY);
    }
    HttpRequest request = builder.GET().build();
    HttpResponse<byte[]> first = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 200) {
      throw new AssertionError(path + " answered " + first.statusCode());
    }
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      nanos[i] = System.nanoTime() - start;
    }
    String marker = "\nindikatorvakt_indicator_value{";
    String text = new String(first.body(), java.nio.charset.StandardCharsets.UTF_8);
    long lines = 0;
    for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      lines++;
    }
    double all = text.lines().filter(line -> line.startsWith("indikatorvakt_indicator_series{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    return new Sample(first.body().length, lines, all, percentile(nanos, 0.5), percentile(nanos, 0.99));
  }

  /** The median of the next ticks' durations, read from the scheduler's own timer after each tick. */
  private static double ticks(TestService service) {
    Timer tick = service.app().registry().find("indikatorvakt.scheduler.tick.duration").timer();
    List<Double> durations = new ArrayList<>();
    long count = tick.count();
    double total = tick.totalTime(TimeUnit.MILLISECONDS);
    while (durations.size() < TICKS) {
      long seen = count;
      await("scheduler tick " + (durations.size() + 1), Duration.ofMinutes(10), () -> tick.count() > seen);
      count = tick.count();
      double now = tick.totalTime(TimeUnit.MILLISECONDS);
      durations.add((now - total) / (count - seen));
      total = now;
    }
    durations.sort(Comparator.naturalOrder());
    System.out.println("scheduler ticks (ms): " + durations);
    return durations.get(durations.size() / 2);
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout + " for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String commit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
