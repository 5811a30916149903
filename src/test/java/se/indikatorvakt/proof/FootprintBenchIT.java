package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad.Report;
import se.indikatorvakt.support.TestDatabases;

/**
 * What the packaged service costs to run: time from process start to ready (median of five starts,
 * on an empty and on a migrated database) and resident memory idle, under load and idle again.
 */
@Tag("bench")
class FootprintBenchIT {
  private static final int STARTS = 5;
  private static final List<DatabaseUrl> databases = new ArrayList<>();
  private static ProofCatalog catalog;

  @BeforeAll
  static void describeMachine() {
    System.out.println(Machine.describe());
    catalog = ProofCatalog.write(10);
  }

  @AfterAll
  static void dropDatabases() {
    databases.forEach(TestDatabases::drop);
  }

  @Test
  @Timeout(600)
  void startUpToReady() {
    List<Long> empty = new ArrayList<>();
    List<Long> migrated = new ArrayList<>();
    DatabaseUrl shared = database();
    for (int i = 0; i < STARTS; i++) {
      empty.add(startOnce(database()).toMillis());
      migrated.add(startOnce(shared).toMillis());
    }
    long emptyMedian = median(empty);
    long migratedMedian = median(migrated);
    System.out.printf("start-up to ready, empty database (ms): %s; migrated database (ms): %s%n", empty, migrated);
    Machine.figure("start-up to ready, migrated database, median of 5", migratedMedian, "ms",
        "java -jar target/indikatorvakt.jar, process start to /health/ready 200");
    Machine.figure("start-up to ready, empty database (runs every migration), median of 5", emptyMedian, "ms",
        String.format("ratio to migrated start %.2f", emptyMedian / (double) migratedMedian));
  }

  @Test
  @Timeout(600)
  void residentMemoryIdleAndUnderLoad() throws Exception {
    ServiceProcess service = ServiceProcess.start("footprint", productionLike(database()));
    try {
      service.awaitReady(Duration.ofSeconds(60));
      long idleBefore = median(sample(service, Duration.ofSeconds(5), null));
      MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), catalog.unitCount())
          .connections(32).breachEvery(50).maxItems(200_000).maxDuration(Duration.ofSeconds(20));
      CompletableFuture<Report> running = CompletableFuture.supplyAsync(load::run);
      List<Long> underLoad = sample(service, Duration.ofSeconds(20), running);
      Report report = running.get();
      long idleAfter = median(sample(service, Duration.ofSeconds(5), null));
      long loadMedian = median(underLoad);
      long loadMax = underLoad.stream().mapToLong(Long::longValue).max().orElse(-1);
      System.out.println("load while sampling memory: " + report.summary());
      assertThat(report.serverErrorsOtherThan503()).isEmpty();
      Machine.figure("resident memory idle after start (VmRSS), median of 5 s", idleBefore / 1024, "MiB",
          "default JVM settings");
      Machine.figure("resident memory under load (VmRSS), median over the load", loadMedian / 1024, "MiB",
          String.format("max %d MiB; 32 connections single POSTs; ratio to idle %.2f", loadMax / 1024,
              loadMedian / (double) idleBefore));
      Machine.figure("resident memory idle after the load (VmRSS), median of 5 s", idleAfter / 1024, "MiB",
          String.format("ratio to idle before %.2f", idleAfter / (double) idleBefore));
    } finally {
      service.stop();
    }
  }

  private Duration startOnce(DatabaseUrl database) {
    ServiceProcess service = ServiceProcess.start("startup", productionLike(database));
    try {
      return service.awaitReady(Duration.ofSeconds(60));
    } finally {
      assertThat(service.stop()).as("clean exit on SIGTERM").isZero();
    }
  }

  /** The shipped defaults but for the database, the catalog, the ports and the rate limit. */
  private static Map<String, String> productionLike(DatabaseUrl database) {
    Map<String, String> env = ProofEnv.env(database, catalog);
    env.remove("INDIKATORVAKT_HTTP_INSTANCES");
    env.remove("INDIKATORVAKT_SHUTDOWN_TIMEOUT");
    return env;
  }

  /** VmRSS every 200 ms for the duration, or until {@code until} completes. */
  private static List<Long> sample(ServiceProcess service, Duration duration, CompletableFuture<?> until)
      throws InterruptedException {
    List<Long> samples = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> service.residentKb().ifPresent(samples::add), 0, 200, TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline && (until == null || !until.isDone())) {
      Thread.sleep(50);
    }
    sampler.shutdownNow();
    return samples;
  }

  private static DatabaseUrl database() {
    DatabaseUrl database = TestDatabases.create();
    databases.add(database);
    return database;
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }
}
