package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.http.ApiContract;
import se.indikatorvakt.text.StrictJson;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.support.TestService;

/**
 * The ingest benchmark (issues 4 and 16), not part of the normal suite:
 * {@code mvn -B -ntp -Pbench test -Dtest=IngestThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>One run, one PostgreSQL: the service's own embedded server (fsync, synchronous_commit and full_page_writes on,
 * as {@code pg_settings} prints). Every figure is set against its limit measured in the same run on that server:
 * <ul>
 *   <li>single POSTs: rounds alternate, so that the machine's other load falls on all three alike: (a) the limit,
 *       one-row INSERT + COMMIT transactions from 32 JDBC clients into a scratch table (what pgbench does with such a
 *       script; the embedded PostgreSQL ships no pgbench); (b) the service with {@code ingest.groupCommit: false}
 *       and (c) a second service on the same server with {@code ingest.groupCommit: true}, each at 32 connections
 *       posting one new measurement per request;
 *   <li>a batch of 10 000 new measurements per POST (HTTP, validation, evaluation, one transaction, commit, answer)
 *       against COPY of exactly the rows that POST stored into a copy of the measurement table (same columns,
 *       constraints and indexes), on a JDBC connection;
 *   <li>what the contract-first alternative would cost: vertx-openapi's RequestValidator on the same bodies;
 *   <li>the memory of this JVM, which runs the services and the clients: heap and non-heap in use, and VmRSS.
 * </ul>
 * Every phase is bounded by a count and a time; everything talks to 127.0.0.1. A table of every figure with its
 * ratio to its limit closes the output.
 */
@Tag("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestThroughputBench {
  private static final int CLIENTS = 32;
  private static final int ROUNDS = 3;
  private static final Duration PHASE = Duration.ofSeconds(8);
  private static final int MAX_PER_PHASE = 60_000;
  private static final int BATCH = 10_000;
  private static final int BATCH_ROUNDS = 5;
  private static final String[] INDICATORS = {"forhandsbedomningar-over-14-dagar", "utredningar-over-fyra-manader"};
  private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);
  private static final String COLUMNS = "kommun, indicator_id, org_unit_id, gender, period, period_type, period_start, "
      + "period_end, value, result, target_text, target_value, warning_value, distance, trend, previous_value, source, "
      + "reference, comment, observed_at, revision, created_at, updated_at";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  /** The closing table: figure, measured, limit, ratio, goal. */
  private static final List<String> SUMMARY = new ArrayList<>();

  private static Path dataDir;
  private static TestService separate;
  private static TestService grouped;
  private static DatabaseUrl url;
  private static Vertx client;
  private static List<String> units;
  private static int nextKey;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")))
        .resolve("throughput-bench-" + System.nanoTime());
    Map<String, String> env = TestService.env(new DatabaseUrl("127.0.0.1", 1, "unused", "unused", "unused"));
    env.remove("INDIKATORVAKT_DATABASE_URL");
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR", dataDir.toString());
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_PORT", "0");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
    env.put("INDIKATORVAKT_HTTP_INSTANCES", "2");
    env.put("INDIKATORVAKT_INGEST_GROUP_COMMIT", "false");
    separate = TestService.start(env);
    url = separate.app().embeddedDatabase().orElseThrow();
    env.put("INDIKATORVAKT_DATABASE_URL", "postgresql://" + url.user() + ":" + url.password() + "@127.0.0.1:"
        + url.port() + "/" + url.database());
    env.put("INDIKATORVAKT_INGEST_GROUP_COMMIT", "true");
    grouped = TestService.start(env);
    units = IngestTestData.shippedCatalog().organisation().units().stream()
        .filter(u -> u.validTo().isEmpty() && !u.validFrom().isAfter(FIRST_DAY)).map(OrgUnit::id).toList();
    client = Vertx.vertx();
    try (Connection jdbc = jdbc(); Statement statement = jdbc.createStatement()) {
      statement.execute("CREATE TABLE bench_commit (id bigserial PRIMARY KEY, value double precision NOT NULL)");
      statement.execute("CREATE TABLE measurement_copy (LIKE measurement INCLUDING ALL)");
    }
    System.out.println(Machine.describe());
    System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + ", commit " + commit()
        + ", load average at start " + loadAverage());
    System.out.println("pg_settings: " + settings());
  }

  @AfterAll
  static void stop() throws Exception {
    memory();
    System.out.println();
    System.out.println("| figure | measured | limit in the same run | ratio | goal |");
    System.out.println("|---|---|---|---|---|");
    SUMMARY.forEach(System.out::println);
    System.out.println();
    System.out.println("commit " + commit() + ", load average at end " + loadAverage());
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
    if (grouped != null) {
      grouped.close();
    }
    if (separate != null) {
      separate.close();
    }
  }

  @Test
  @Order(1)
  void singleDurablePostsAgainstOneRowCommits() throws Exception {
    // a warm-up of a full phase each: the JIT's first seconds are not what a running service costs per request
    oneRowCommits(PHASE);
    load(separate, MAX_PER_PHASE, PHASE);
    load(grouped, MAX_PER_PHASE, PHASE);
    List<Result> limit = new ArrayList<>();
    List<Result> off = new ArrayList<>();
    List<Result> on = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      Cpu start = Cpu.now();
      limit.add(oneRowCommits(PHASE));
      Cpu limitDone = Cpu.now();
      off.add(load(separate, MAX_PER_PHASE, PHASE));
      Cpu offDone = Cpu.now();
      on.add(load(grouped, MAX_PER_PHASE, PHASE));
      Cpu onDone = Cpu.now();
      System.out.printf("round %d: limit %.0f/s, groupCommit false %.0f/s (%d failed), groupCommit true %.0f/s"
          + " (%d failed), load average %s%n", round, limit.get(round - 1).rate(), off.get(round - 1).rate(),
          off.get(round - 1).failures(), on.get(round - 1).rate(), on.get(round - 1).failures(), loadAverage());
      System.out.printf("round %d, CPU ms per commit or request (this JVM / PostgreSQL): limit %s, groupCommit false"
          + " %s, groupCommit true %s%n", round, limitDone.per(start, limit.get(round - 1)),
          offDone.per(limitDone, off.get(round - 1)), onDone.per(offDone, on.get(round - 1)));
    }
    double limitRate = median(limit.stream().map(Result::rate).toList());
    String note = "median of " + ROUNDS + " rounds of <= " + PHASE.toSeconds() + " s, " + CLIENTS
        + " clients, 127.0.0.1";
    System.out.println();
    System.out.println("| what | commits/s | ratio to (a) | p50 ms | p99 ms | failed |");
    System.out.println("|---|---|---|---|---|---|");
    row("(a) one-row INSERT + COMMIT, JDBC", limit, limitRate);
    row("(b) single POST, ingest.groupCommit false", off, limitRate);
    row("(c) single POST, ingest.groupCommit true", on, limitRate);
    System.out.println();
    System.out.println("load average at end " + loadAverage() + "; " + note);
    Machine.figure("one-row commits, 32 JDBC clients", Math.round(limitRate), "commits/s", note);
    Machine.figure("single POST, group commit off", Math.round(median(off.stream().map(Result::rate).toList())),
        "req/s", note);
    Machine.figure("single POST, group commit on", Math.round(median(on.stream().map(Result::rate).toList())),
        "req/s", note);
    double groupedRate = median(on.stream().map(Result::rate).toList());
    SUMMARY.add(String.format("| single POST, 32 connections, group commit | %.0f req/s, p50 %.1f ms, p99 %.1f ms | "
        + "%.0f one-row commits/s (Java loop, 32 JDBC clients) | %.2f | >= 0.5 (stretch 1.0); p99 < 50 ms |",
        groupedRate, median(on.stream().map(r -> r.percentileMillis(0.5)).toList()),
        median(on.stream().map(r -> r.percentileMillis(0.99)).toList()), limitRate, groupedRate / limitRate));
    // a rate bought with refused requests is no figure: every POST of every round must have been committed
    assertThat(off).extracting(Result::failures).containsOnly(0);
    assertThat(on).extracting(Result::failures).containsOnly(0);
  }

  @Test
  @Order(2)
  void batchOfTenThousandAgainstCopy() throws Exception {
    post(batch(BATCH));
    List<Double> ingestMillis = new ArrayList<>();
    List<Double> copyMillis = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= BATCH_ROUNDS; round++) {
      long firstId = maxId();
      Cpu start = Cpu.now();
      double ingest = post(batch(BATCH)) / 1e6;
      Cpu posted = Cpu.now();
      settle();
      Copied copied = copyBack(firstId, BATCH);
      double copy = copied.nanos() / 1e6;
      ingestMillis.add(ingest);
      copyMillis.add(copy);
      ratios.add(ingest / copy);
      System.out.printf("round %d, %d per POST: ingest %.0f ms, COPY %.0f ms, time ratio %.2f, load average %s%n",
          round, BATCH, ingest, copy, ingest / copy, loadAverage());
      // on a shared machine the time ratio follows the others' load; the CPU each side used does much less
      System.out.printf("round %d, CPU ms (this JVM / PostgreSQL): POST %s, COPY %s%n", round, posted.millis(start),
          copied.cpu());
    }
    SUMMARY.add(String.format("| batch of %d per POST, new keys | %.0f ms (%.0f measurements/s) | COPY of the same "
        + "rows into a copy of the table: %.0f ms | %.2f (time) | <= 2.0 |", BATCH, median(ingestMillis),
        BATCH / median(ingestMillis) * 1000, median(copyMillis), median(ratios)));
    Machine.figure("ingest batch " + BATCH + " / COPY, time", String.format("%.2f", median(ratios)), "ratio",
        "median of " + BATCH_ROUNDS + " per-round ratios (goal <= 2)");
  }

  /** The same bodies through vertx-openapi's RequestValidator (the RouterBuilder's path) and through ours. */
  @Test
  @Order(3)
  void contractValidationAlternatives() throws Exception {
    ApiContract contract = ApiContract.load(client).await(30, TimeUnit.SECONDS);
    RequestValidator validator = RequestValidator.create(client, contract.openApi());
    Catalog catalog = IngestTestData.shippedCatalog();
    for (int size : new int[] {1, BATCH}) {
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
        MeasurementValidator.Outcome outcome = new MeasurementValidator(catalog, Instant.now(), BATCH)
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

  /** The services run in this JVM: what it holds, as the JVM counts it and as the kernel does. */
  private static void memory() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // what is live, not what waits for the collector
    memory.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    long nonHeap = memory.getNonHeapMemoryUsage().getUsed();
    String rss = procStatus("VmRSS");
    String hwm = procStatus("VmHWM");
    System.out.printf("memory of the bench JVM (two services, their clients, the load generators): live heap %d MiB, "
        + "non-heap used %d MiB, VmRSS %s, VmHWM %s%n", heap >> 20, nonHeap >> 20, rss, hwm);
    SUMMARY.add(String.format("| memory of the bench JVM (2 services + load clients) | live heap %d MiB + non-heap %d MiB; "
        + "VmRSS %s (peak %s) | – | – | < 300 MB at 100 000 series under load (not this setup) |", heap >> 20,
        nonHeap >> 20, rss, hwm));
  }

  private static String procStatus(String key) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
          .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String batch(int size) {
    StringBuilder json = new StringBuilder(size * 130).append('[');
    for (int i = 0; i < size; i++) {
      String one = single();
      json.append(i == 0 ? "" : ",").append(one);
    }
    return json.append(']').toString();
  }

  /** Posts a body and returns the nanoseconds until the committed answer arrived. */
  private static long post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + grouped.apiPort()
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

  private static long maxId() throws Exception {
    try (Connection jdbc = jdbc(); Statement statement = jdbc.createStatement();
        ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM measurement")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Waits until this JVM and PostgreSQL are idle after a POST (at most one clock tick of CPU in each of two
   * 100-ms windows, at most 5 s): the work a commit sets off after its answer (the gauges' refresh, the planner
   * statistics of a table that doubled) must not run beside the COPY it is compared with and make that look slower.
   */
  private static void settle() throws Exception {
    long until = System.nanoTime() + 5_000_000_000L;
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() < until) {
      Cpu before = Cpu.now();
      Thread.sleep(100);
      Cpu after = Cpu.now();
      long ticks = after.jvmTicks() - before.jvmTicks() + after.postgresTicks() - before.postgresTicks();
      quiet = ticks <= 1 ? quiet + 1 : 0;
    }
  }

  /** The nanoseconds of a COPY and its commit, and the CPU this JVM and PostgreSQL used meanwhile. */
  private record Copied(long nanos, String cpu) {}

  /** COPY of the rows the POST stored, as text, into the copy of the table. */
  private static Copied copyBack(long afterId, int expected) throws Exception {
    try (Connection jdbc = jdbc()) {
      CopyManager copy = jdbc.unwrap(PGConnection.class).getCopyAPI();
      StringWriter rows = new StringWriter();
      long read = copy.copyOut("COPY (SELECT " + COLUMNS + " FROM measurement WHERE id > " + afterId
          + " ORDER BY id) TO STDOUT", rows);
      if (read != expected) {
        throw new AssertionError("expected " + expected + " new rows, found " + read);
      }
      String text = rows.toString();
      Cpu cpu = Cpu.now();
      long start = System.nanoTime();
      copy.copyIn("COPY measurement_copy (" + COLUMNS + ") FROM STDIN", new StringReader(text));
      long nanos = System.nanoTime() - start;
      return new Copied(nanos, Cpu.now().millis(cpu));
    }
  }

  private static void row(String what, List<Result> results, double limitRate) {
    double rate = median(results.stream().map(Result::rate).toList());
    System.out.printf("| %s | %.0f | %.2f | %.1f | %.1f | %d |%n", what, rate, rate / limitRate,
        median(results.stream().map(r -> r.percentileMillis(0.5)).toList()),
        median(results.stream().map(r -> r.percentileMillis(0.99)).toList()),
        results.stream().mapToInt(Result::failures).sum());
  }

  record Result(long[] latencies, int failures, long nanos) {
    double rate() {
      return latencies.length / (nanos / 1e9);
    }

    double percentileMillis(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? Double.NaN
          : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }

  /**
   * CPU time used so far by this JVM (the services and the load clients alike) and by the PostgreSQL server (its
   * postmaster, the children it reaped, and its live processes), from /proc in clock ticks of 10 ms.
   */
  record Cpu(long jvmTicks, long postgresTicks) {
    static Cpu now() throws IOException {
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      long postgres = 0;
      try (var processes = Files.list(Path.of("/proc"))) {
        for (Path p : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
          String[] stat = stat(p);
          if (stat.length > 16 && (Long.parseLong(stat[1]) == postmaster || p.getFileName().toString()
              .equals(Long.toString(postmaster)))) {
            postgres += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            if (p.getFileName().toString().equals(Long.toString(postmaster))) {
              postgres += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
            }
          }
        }
      }
      String[] self = stat(Path.of("/proc/self"));
      return new Cpu(Long.parseLong(self[11]) + Long.parseLong(self[12]), postgres);
    }

    /** The fields after the command name: [0] state, [1] parent, [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] stat(Path process) {
      try {
        String text = Files.readString(process.resolve("stat"));
        return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
      } catch (IOException | RuntimeException e) {
        return new String[0];
      }
    }

    String millis(Cpu start) {
      return String.format("%d / %d", (jvmTicks - start.jvmTicks) * 10, (postgresTicks - start.postgresTicks) * 10);
    }

    String per(Cpu start, Result phase) {
      int n = Math.max(1, phase.latencies().length);
      return String.format("%.2f / %.2f", (jvmTicks - start.jvmTicks) * 10.0 / n,
          (postgresTicks - start.postgresTicks) * 10.0 / n);
    }
  }

  /** The limit: each of 32 JDBC clients commits one-row INSERTs in a loop (autocommit) until the time is up. */
  private static Result oneRowCommits(Duration limit) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
    long deadline = System.nanoTime() + limit.toNanos();
    long start = System.nanoTime();
    List<java.util.concurrent.Future<long[]>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(threads.submit(() -> {
        long[] latencies = new long[MAX_PER_PHASE];
        int n = 0;
        try (Connection jdbc = jdbc();
            PreparedStatement insert = jdbc.prepareStatement("INSERT INTO bench_commit (value) VALUES (?)")) {
          while (n < latencies.length && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            insert.setDouble(1, n);
            insert.executeUpdate();
            latencies[n++] = System.nanoTime() - sent;
          }
        }
        return Arrays.copyOf(latencies, n);
      }));
    }
    threads.shutdown();
    threads.awaitTermination(limit.toSeconds() + 60, TimeUnit.SECONDS);
    long nanos = System.nanoTime() - start;
    List<long[]> all = new ArrayList<>();
    int failures = 0;
    for (java.util.concurrent.Future<long[]> f : clients) {
      try {
        all.add(f.get());
      } catch (ExecutionException e) {
        failures++;
      }
    }
    long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
    return new Result(latencies, failures, nanos);
  }

  /** {@code CLIENTS} requests in flight at all times until {@code count} are done or the time is up. */
  private static Result load(TestService service, int count, Duration limit) throws Exception {
    HttpClient http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(service.apiPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CLIENTS));
    List<Buffer> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(Buffer.buffer(single()));
    }
    long[] latencies = new long[count];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    long deadline = System.nanoTime() + limit.toNanos();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/measurements")
        .putHeader("Authorization", "Bearer " + IngestTestData.SOURCE_KEY)
        .putHeader("Content-Type", "application/json");
    long start = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      client.runOnContext(v -> next(http, options, bodies, latencies, issued, completed, failures, lastEnd, deadline,
          done));
    }
    done.await(limit.toSeconds() + 60, TimeUnit.SECONDS);
    http.close().await(10, TimeUnit.SECONDS);
    nextKey -= count - issued.get();
    return new Result(Arrays.copyOf(latencies, completed.get()), failures.get(), lastEnd.get() - start);
  }

  static void next(HttpClient http, RequestOptions options, List<Buffer> bodies, long[] latencies,
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

  /** A measurement of a key no request has used: day-level indicators, every unit, every day since 2016. */
  private static String single() {
    int key = nextKey++;
    int perIndicator = units.size() * (int) FIRST_DAY.until(LocalDate.now().minusDays(1), ChronoUnit.DAYS);
    if (key >= perIndicator * INDICATORS.length) {
      throw new IllegalStateException("the benchmark ran out of fresh keys");
    }
    int within = key % perIndicator;
    return "{\"indicator\":\"" + INDICATORS[key / perIndicator] + "\",\"orgUnit\":\"" + units.get(within % units.size())
        + "\",\"period\":\"" + FIRST_DAY.plusDays(within / units.size()) + "\",\"value\":" + key % 23 + "}";
  }

  private static String settings() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Connection jdbc = jdbc(); Statement statement = jdbc.createStatement();
        ResultSet rs = statement.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN ('fsync',"
            + " 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay', 'server_version')"
            + " ORDER BY name")) {
      while (rs.next()) {
        text.append(text.isEmpty() ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getString(2));
      }
    }
    return text.toString();
  }

  static String commit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Connection jdbc() throws Exception {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
