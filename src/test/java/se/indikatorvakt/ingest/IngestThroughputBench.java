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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.support.TestService;

/**
 * Single durable POSTs against the limit of the server they commit to (issue 16), not part of the normal suite:
 * {@code mvn -B -ntp -Pbench test -Dtest=IngestThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>One run, one PostgreSQL: the service's own embedded server (fsync and synchronous_commit on, as
 * {@code pg_settings} prints). Rounds alternate, so that the machine's other load falls on all three alike:
 * (a) the limit, one-row INSERT + COMMIT transactions from 32 JDBC clients into a scratch table (what pgbench
 * does with such a script); (b) the service with {@code ingest.groupCommit: false} and (c) a second service on the
 * same server with {@code ingest.groupCommit: true}, each at 32 connections posting one new measurement per
 * request. Every phase is bounded by a count and a time; everything talks to 127.0.0.1.
 */
@Tag("bench")
class IngestThroughputBench {
  private static final int CLIENTS = 32;
  private static final int ROUNDS = 3;
  private static final Duration PHASE = Duration.ofSeconds(8);
  private static final int MAX_PER_PHASE = 60_000;
  private static final String[] INDICATORS = {"forhandsbedomningar-over-14-dagar", "utredningar-over-fyra-manader"};
  private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);

  private static TestService separate;
  private static TestService grouped;
  private static DatabaseUrl url;
  private static Vertx client;
  private static List<String> units;
  private static int nextKey;

  @BeforeAll
  static void start() throws Exception {
    Path dataDir = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")))
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
    }
  }

  @AfterAll
  static void stop() throws Exception {
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
  void singleDurablePostsAgainstOneRowCommits() throws Exception {
    System.out.println(Machine.describe());
    System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + ", commit " + commit()
        + ", load average at start " + loadAverage());
    System.out.println("pg_settings: " + settings());
    oneRowCommits(Duration.ofSeconds(2));
    load(separate, 2000, Duration.ofSeconds(2));
    load(grouped, 2000, Duration.ofSeconds(2));
    List<Result> limit = new ArrayList<>();
    List<Result> off = new ArrayList<>();
    List<Result> on = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      limit.add(oneRowCommits(PHASE));
      off.add(load(separate, MAX_PER_PHASE, PHASE));
      on.add(load(grouped, MAX_PER_PHASE, PHASE));
      System.out.printf("round %d: limit %.0f/s, groupCommit false %.0f/s (%d failed), groupCommit true %.0f/s"
          + " (%d failed), load average %s%n", round, limit.get(round - 1).rate(), off.get(round - 1).rate(),
          off.get(round - 1).failures(), on.get(round - 1).rate(), on.get(round - 1).failures(), loadAverage());
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
    // a rate bought with refused requests is no figure: every POST of every round must have been committed
    assertThat(off).extracting(Result::failures).containsOnly(0);
    assertThat(on).extracting(Result::failures).containsOnly(0);
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

  private static String commit() {
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

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Connection jdbc() throws Exception {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
