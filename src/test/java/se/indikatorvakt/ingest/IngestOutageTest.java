package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.LogCapture;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestService;

/** PostgreSQL stops while measurements are posted: callers get 503 with Retry-After, never a 2xx for lost data. */
class IngestOutageTest {
  private static final String[] KEY = {"Authorization", "Bearer " + IngestTestData.SOURCE_KEY};
  private static final String MEASUREMENT = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
      + "\"period\":\"PERIOD\",\"value\":20}";
  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgres postgres;
  private static TestService service;
  private static DatabaseUrl url;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")))
        .resolve("ingest-outage-" + System.nanoTime());
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = startPostgres();
    url = new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "postgres");
    Map<String, String> env = TestService.env(url);
    env.put("INDIKATORVAKT_DATABASE_CONNECT_TIMEOUT", "PT1S");
    service = TestService.start(env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    postgres.close();
  }

  /** Never "clean": zonky deletes a clean data folder on close, and the data must survive the outage. */
  private static EmbeddedPostgres startPostgres() throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  private static Http.Response post(String period) {
    return new Http(service.apiPort()).post("/api/v1/measurements", "application/json",
        MEASUREMENT.replace("PERIOD", period), KEY);
  }

  @Test
  void anOutageAnswers503WithRetryAfterStoresNothingAndRecoversWithoutRestart() throws Exception {
    assertThat(post("2021-T1").status()).isEqualTo(201);
    postgres.close();

    Http.Response during = post("2021-T2");
    assertThat(during.status()).as(during.body()).isEqualTo(503);
    assertThat(during.header("Retry-After")).isNotBlank();
    assertThat(during.header("Content-Type")).startsWith("application/problem+json");

    postgres = startPostgres();
    Http management = new Http(service.managementPort());
    Http.await("readiness after PostgreSQL returned", Duration.ofSeconds(15),
        () -> management.get("/health/ready").status() == 200);
    assertThat(new ProofDb(url).rows("SELECT period FROM measurement WHERE period LIKE '2021-%' ORDER BY period"))
        .as("only what was answered 2xx is stored").extracting(row -> row.get("period")).containsExactly("2021-T1");
    Http.await("a post succeeds again", Duration.ofSeconds(10), () -> post("2021-T2").status() == 201);
  }

  @Test
  void anOutageIsOneLineWhenTheDatabaseGoesAndOneWhenItReturnsWithTheCountOfRefusedRequests() throws Exception {
    assertThat(post("2020-T1").status()).isEqualTo(201);
    try (LogCapture log = LogCapture.start()) {
      postgres.close();
      int refused = 0;
      for (int i = 0; i < 25; i++) {
        Http.Response during = post("2020-T2");
        assertThat(during.status()).as(during.body()).isEqualTo(503);
        refused++;
      }
      postgres = startPostgres();
      Http.await("the database's return logged", Duration.ofSeconds(15),
          () -> !log.linesContaining("Database available again").isEmpty());

      List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")
          && line.contains("Database ")).toList();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0)).contains("Database unavailable").doesNotContain(" | ");
      assertThat(warnings.get(1)).contains("Database available again after").contains(refused + " requests were answered 503");
    }
    Http.await("a post succeeds again", Duration.ofSeconds(10), () -> post("2020-T2").status() == 201);
  }
}
