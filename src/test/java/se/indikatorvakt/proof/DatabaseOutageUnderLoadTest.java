package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad.Item;
import se.indikatorvakt.proof.MeasurementLoad.Outcome;
import se.indikatorvakt.proof.MeasurementLoad.Report;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestService;

/**
 * PostgreSQL stopped while measurements pour in, then started again on the same port and data:
 * callers get 503 with Retry-After and never a 2xx for what was not committed, readiness goes DOWN,
 * the service recovers on its own within 5 s of PostgreSQL's return, and every 2xx is in the database.
 */
class DatabaseOutageUnderLoadTest {
  private static final Duration RECOVERY_GOAL = Duration.ofSeconds(5);

  @Test
  @Timeout(90)
  void aFiveSecondOutageLosesNothingAnswered2xxAndHealsWithoutRestart() throws Exception {
    outageUnderLoad(Duration.ofSeconds(5));
  }

  @Test
  @Tag("bench")
  @Timeout(300)
  void aThirtySecondOutageLosesNothingAnswered2xxAndHealsWithoutRestart() throws Exception {
    outageUnderLoad(Duration.ofSeconds(30));
  }

  private void outageUnderLoad(Duration outage) throws Exception {
    Path dataDir = Files.createDirectories(ServiceProcess.WORK).resolve("outage-load-" + System.nanoTime());
    int port = ServiceProcess.freePort();
    EmbeddedPostgres postgres = startPostgres(dataDir, port);
    DatabaseUrl database = new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "postgres");
    ProofCatalog catalog = ProofCatalog.write(5);
    Map<String, String> env = ProofEnv.env(database, catalog);
    env.put("INDIKATORVAKT_DATABASE_CONNECT_TIMEOUT", "PT1S");
    TestService service = TestService.start(env);
    try {
      Http management = new Http(service.managementPort());
      MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), catalog.unitCount())
          .connections(4).breachEvery(10).maxItems(2_000_000).maxDuration(outage.plusSeconds(60));
      CompletableFuture<Report> running = CompletableFuture.supplyAsync(load::run);
      Http.await("some measurements committed before the outage", Duration.ofSeconds(20),
          () -> new ProofDb(database).count("SELECT count(*) FROM measurement") >= 50);

      postgres.close();
      long stoppedAt = System.nanoTime();
      Http.await("readiness DOWN while PostgreSQL is stopped", Duration.ofSeconds(10),
          () -> management.get("/health/ready").status() == 503);
      Http.await("the outage to last " + outage, outage.plusSeconds(5),
          () -> System.nanoTime() - stoppedAt >= outage.toNanos());

      postgres = startPostgres(dataDir, port);
      long back = System.nanoTime();
      long acknowledgedBefore = load.acknowledgedSoFar();
      Http.await("readiness UP again", Duration.ofSeconds(30), () -> management.get("/health/ready").status() == 200);
      Duration readyAfter = Duration.ofNanos(System.nanoTime() - back);
      Http.await("a measurement answered 2xx after PostgreSQL returned", Duration.ofSeconds(30),
          () -> load.lastAcknowledgedNanos() > back);
      Http.await("200 more measurements committed after recovery", Duration.ofSeconds(30),
          () -> load.acknowledgedSoFar() >= acknowledgedBefore + 200);
      load.stop();
      Report report = running.get();
      Duration acceptingAfter = Duration.ofNanos(report.outcomes().stream()
          .filter(o -> o.acknowledged() && o.finishedNanos() > back).mapToLong(Outcome::finishedNanos).min()
          .orElseThrow() - back);
      System.out.printf("database outage %s: %s; ready %d ms and accepting %d ms after PostgreSQL returned%n",
          outage, report.summary(), readyAfter.toMillis(), acceptingAfter.toMillis());

      assertThat(readyAfter).as("readiness UP within 5 s of PostgreSQL's return").isLessThan(RECOVERY_GOAL);
      assertThat(acceptingAfter).as("2xx again within 5 s of PostgreSQL's return").isLessThan(RECOVERY_GOAL);
      assertThat(report.serverErrorsOtherThan503()).as("no 5xx but 503").isEmpty();
      assertThat(report.clientErrors()).as("no 4xx for valid measurements").isEmpty();
      List<Outcome> unavailable = report.withStatus(503);
      assertThat(unavailable).as("callers were told the database is down").isNotEmpty();
      assertThat(unavailable).allSatisfy(o -> {
        assertThat(o.retryAfter()).as("Retry-After on 503").isNotBlank();
        assertThat(o.contentType()).startsWith("application/problem+json");
      });
      assertThat(report.outcomes().stream().filter(o -> o.status() == -1).toList())
          .as("the service answered every request, even without its database").isEmpty();
      assertEveryAcknowledgedItemIsStored(new ProofDb(database), report.acknowledged());
    } finally {
      service.close();
      postgres.close();
    }
  }

  static void assertEveryAcknowledgedItemIsStored(ProofDb db, List<Item> acknowledged) {
    Map<String, Double> stored = db.rows("SELECT indicator_id, org_unit_id, gender, period, value FROM measurement")
        .stream().collect(Collectors.toMap(
            row -> row.get("indicator_id") + "|" + row.get("org_unit_id") + "|" + row.get("gender") + "|"
                + row.get("period"),
            row -> ((Number) row.get("value")).doubleValue()));
    List<String> lost = acknowledged.stream()
        .filter(item -> !Double.valueOf(item.value()).equals(stored.get(item.key())))
        .map(Item::key).toList();
    assertThat(lost).as("measurements answered 2xx but not in the database (of %d)", acknowledged.size()).isEmpty();
  }

  /**
   * Never with a clean data directory: zonky deletes a "clean" directory when it stops the server, and
   * the restart would then come up empty, which would prove nothing about committed data.
   */
  private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off").start();
  }
}
