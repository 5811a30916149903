package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.http.ApiContract;
import se.indikatorvakt.text.StrictJson;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.support.TestService;

/**
 * The ingest benchmark of issue 4 (not part of the normal suite):
 * {@code mvn -B -ntp -Pbench test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Everything runs on this machine in one run against one PostgreSQL started for it with its
 * default durability (fsync on), so the figures compare like with like:
 * <ul>
 *   <li>batch ingest of 1 000 and 10 000 new measurements per POST (HTTP, validation, evaluation,
 *       one transaction, commit, answer), against COPY of exactly the rows that POST stored into a
 *       copy of the measurement table (same columns, constraints and indexes), on a JDBC connection;
 *   <li>single-measurement POSTs at 32 and 128 concurrent connections from a Vert.x client on 127.0.0.1;
 *   <li>what the contract-first alternative would cost: vertx-openapi's RequestValidator on the same bodies.
 * </ul>
 * Medians of several rounds; each figure is printed as a "BENCH | name | value | unit | note" line.
 */
@Tag("bench")
class IngestBenchmark {
  private static final String[] INDICATORS = {"forhandsbedomningar-over-14-dagar", "utredningar-over-fyra-manader"};
  private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);
  private static final String COLUMNS = "indicator_id, org_unit_id, gender, period, period_type, period_start, "
      + "period_end, value, result, target_text, target_value, warning_value, distance, trend, previous_value, source, "
      + "reference, comment, observed_at, revision, created_at, updated_at";

  private static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static DatabaseUrl url;
  private static TestService service;
  private static Vertx client;
  private static List<String> units;
  private static int nextKey;

  @BeforeAll
  static void start() throws Exception {
    System.out.println(Machine.describe());
    System.out.println("load average at start: " + loadAverage());
    System.out.println("nproc: " + Runtime.getRuntime().availableProcessors() + ", java: "
        + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    dataDir = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")))
        .resolve("ingest-bench-" + System.nanoTime());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_connections", "100").start();
    url = new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "postgres");
    Map<String, String> env = TestService.env(url);
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
    env.put("INDIKATORVAKT_HTTP_INSTANCES", "2");
    service = TestService.start(env);
    Catalog catalog = IngestTestData.shippedCatalog();
    units = catalog.organisation().units().stream().filter(u -> u.validTo().isEmpty()
        && !u.validFrom().isAfter(FIRST_DAY)).map(OrgUnit::id).toList();
    client = Vertx.vertx();
    try (Connection jdbc = jdbc(); Statement statement = jdbc.createStatement()) {
      statement.execute("CREATE TABLE measurement_copy (LIKE measurement INCLUDING ALL)");
    }
  }

  /** Other processes share these cores; the load average says how much the figures were disturbed. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("load average at end: " + loadAverage());
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void batchIngestAgainstCopy() throws Exception {
    post(batch(1000));
    post(batch(10_000));
    for (int size : new int[] {1000, 10_000}) {
      int rounds = size == 1000 ? 9 : 5;
      List<Double> ingestRates = new ArrayList<>();
      List<Double> copyRates = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        long firstId = maxId();
        String body = batch(size);
        long nanos = post(body);
        double ingest = size / (nanos / 1e9);
        double copy = size / (copyBack(firstId, size) / 1e9);
        ingestRates.add(ingest);
        copyRates.add(copy);
        ratios.add(ingest / copy);
        System.out.printf("round %d, %d per POST: ingest %.0f/s, COPY %.0f/s, ratio %.2f%n", round, size, ingest, copy,
            ingest / copy);
      }
      Machine.figure("ingest batch " + size + " per POST", Math.round(median(ingestRates)), "measurements/s",
          "median of " + rounds + " rounds, new keys, one transaction per POST");
      Machine.figure("COPY of the same rows (" + size + ")", Math.round(median(copyRates)), "rows/s",
          "same rows, columns, constraints and indexes; one COPY + commit");
      Machine.figure("ingest / COPY (" + size + ")", String.format("%.2f", median(ratios)), "ratio",
          "median of per-round ratios (goal >= 0.5)");
    }
  }

  @Test
  void singleMeasurementPosts() throws Exception {
    for (int connections : new int[] {32, 128}) {
      load(connections, 2000, Duration.ofSeconds(3));
      List<Double> rates = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        LoadResult result = load(connections, 15_000, Duration.ofSeconds(6));
        rates.add(result.rate());
        p50.add(result.percentileMillis(0.50));
        p99.add(result.percentileMillis(0.99));
        System.out.printf("round %d, %d connections: %d requests (%d not 201), %.0f req/s, p50 %.2f ms, p99 %.2f ms%n",
            round, connections, result.latencies().length, result.failures(), result.rate(),
            result.percentileMillis(0.5), result.percentileMillis(0.99));
      }
      String note = "median of 3 rounds (<= 15 000 requests or 6 s each), Vert.x client on 127.0.0.1";
      Machine.figure("single POST, " + connections + " connections", Math.round(median(rates)), "req/s", note);
      Machine.figure("single POST p50, " + connections + " connections", String.format("%.2f", median(p50)), "ms",
          note);
      Machine.figure("single POST p99, " + connections + " connections", String.format("%.2f", median(p99)), "ms",
          note);
    }
  }

  /** The same bodies through vertx-openapi's RequestValidator (the RouterBuilder's path) and through ours. */
  @Test
  void contractValidationAlternatives() throws Exception {
    ApiContract contract = ApiContract.load(client).await(30, TimeUnit.SECONDS);
    RequestValidator validator = RequestValidator.create(client, contract.openApi());
    Catalog catalog = IngestTestData.shippedCatalog();
    for (int size : new int[] {1, 10_000}) {
      int unused = nextKey;
      String array = batch(size);
      String body = size == 1 ? array.substring(1, array.length() - 1) : array;
      nextKey = unused;
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      int rounds = size == 1 ? 2000 : 15;
      List<Double> openapi = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        validator.validate(new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), Map.of(),
            new RequestParameterImpl(Buffer.buffer(bytes)), "application/json"), "postMeasurements")
            .await(30, TimeUnit.SECONDS);
        openapi.add((System.nanoTime() - start) / 1e6);
        start = System.nanoTime();
        MeasurementValidator.Outcome outcome = new MeasurementValidator(catalog, Instant.now(), 10_000)
            .validate(StrictJson.parse(bytes));
        ours.add((System.nanoTime() - start) / 1e6);
        if (!outcome.valid()) {
          throw new AssertionError("the benchmark body is invalid: " + outcome.violations().get(0));
        }
      }
      String what = size == 1 ? "one measurement" : size + " measurements";
      Machine.figure("vertx-openapi RequestValidator, " + what, String.format("%.3f", median(openapi)), "ms",
          "median; includes its executeBlocking hop; no per-item pointers, no catalog checks");
      Machine.figure("StrictJson + MeasurementValidator, " + what, String.format("%.3f", median(ours)), "ms",
          "median; every rule incl. catalog, unit range, personnummer");
    }
  }

  private static String batch(int size) {
    StringBuilder json = new StringBuilder(size * 130).append('[');
    for (int i = 0; i < size; i++) {
      int key = nextKey++;
      int perIndicator = units.size() * (int) FIRST_DAY.until(LocalDate.now().minusDays(1),
          java.time.temporal.ChronoUnit.DAYS);
      if (key >= perIndicator * INDICATORS.length) {
        throw new IllegalStateException("the benchmark ran out of fresh keys");
      }
      String indicator = INDICATORS[key / perIndicator];
      int within = key % perIndicator;
      String unit = units.get(within % units.size());
      LocalDate day = FIRST_DAY.plusDays(within / units.size());
      json.append(i == 0 ? "" : ",").append("{\"indicator\":\"").append(indicator).append("\",\"orgUnit\":\"")
          .append(unit).append("\",\"period\":\"").append(day).append("\",\"value\":").append(key % 23).append('}');
    }
    return json.append(']').toString();
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  /** Posts a body and returns the nanoseconds until the committed answer arrived. */
  private static long post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
            + "/api/v1/measurements"))
        .header("Authorization", "Bearer " + IngestTestData.SOURCE_KEY).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long start = System.nanoTime();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - start;
    if (response.statusCode() != 201) {
      throw new AssertionError("POST answered " + response.statusCode() + ": " + response.body().substring(0,
          Math.min(500, response.body().length())));
    }
    return nanos;
  }

  private static Connection jdbc() throws Exception {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  private static long maxId() throws Exception {
    try (Connection jdbc = jdbc(); Statement statement = jdbc.createStatement();
        var rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM measurement")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** COPYs the rows the last POST stored (read out untimed) into measurement_copy; returns the timed nanoseconds. */
  private static long copyBack(long afterId, int expected) throws Exception {
    try (Connection jdbc = jdbc()) {
      CopyManager copy = jdbc.unwrap(PGConnection.class).getCopyAPI();
      StringWriter rows = new StringWriter();
      long read = copy.copyOut("COPY (SELECT " + COLUMNS + " FROM measurement WHERE id > " + afterId
          + " ORDER BY id) TO STDOUT", rows);
      if (read != expected) {
        throw new AssertionError("expected " + expected + " new rows, found " + read);
      }
      String text = rows.toString();
      long start = System.nanoTime();
      copy.copyIn("COPY measurement_copy (" + COLUMNS + ") FROM STDIN", new StringReader(text));
      return System.nanoTime() - start;
    }
  }

  record LoadResult(long[] latencies, int failures, long nanos) {
    double rate() {
      return latencies.length / (nanos / 1e9);
    }

    double percentileMillis(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }

  /** {@code connections} requests in flight at all times until {@code count} are done or the time is up. */
  private static LoadResult load(int connections, int count, Duration limit) throws Exception {
    HttpClient http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(service.apiPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    List<Buffer> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String one = batch(1);
      bodies.add(Buffer.buffer(one.substring(1, one.length() - 1)));
    }
    long[] latencies = new long[count];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    long deadline = System.nanoTime() + limit.toNanos();
    CountDownLatch done = new CountDownLatch(connections);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/measurements")
        .putHeader("Authorization", "Bearer " + IngestTestData.SOURCE_KEY)
        .putHeader("Content-Type", "application/json");
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      client.runOnContext(v -> next(http, options, bodies, latencies, issued, completed, failures, lastEnd, deadline,
          done));
    }
    done.await(limit.toSeconds() + 60, TimeUnit.SECONDS);
    http.close().await(10, TimeUnit.SECONDS);
    int n = completed.get();
    nextKey -= count - issued.get();
    return new LoadResult(Arrays.copyOf(latencies, n), failures.get(), lastEnd.get() - start);
  }

  private static void next(HttpClient http, RequestOptions options, List<Buffer> bodies, long[] latencies,
      AtomicInteger issued, AtomicInteger completed, AtomicInteger failures, AtomicLong lastEnd, long deadline,
      CountDownLatch done) {
    int i = issued.getAndIncrement();
    if (i >= bodies.size() || System.nanoTime() > deadline) {
      issued.decrementAndGet();
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    http.request(options)
        .compose(request -> request.send(bodies.get(i)))
        .compose(response -> response.body().map(b -> response.statusCode()))
        .recover(e -> Future.succeededFuture(-1))
        .onComplete(status -> {
          long end = System.nanoTime();
          latencies[completed.getAndIncrement()] = end - sent;
          lastEnd.accumulateAndGet(end, Math::max);
          if (status.result() != 201) {
            failures.incrementAndGet();
          }
          next(http, options, bodies, latencies, issued, completed, failures, lastEnd, deadline, done);
        });
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
