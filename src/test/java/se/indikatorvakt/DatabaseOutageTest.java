package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestService;

/** A PostgreSQL of its own that the test stops and starts again, with the service running throughout. */
class DatabaseOutageTest {
  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgres postgres;
  private static TestService service;
  private static Http management;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")))
        .resolve("outage-" + System.nanoTime());
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = startPostgres(true);
    Map<String, String> env = TestService.env(new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "postgres"));
    env.put("INDIKATORVAKT_DATABASE_CONNECT_TIMEOUT", "PT1S");
    service = TestService.start(env);
    management = new Http(service.managementPort());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    postgres.close();
  }

  private static EmbeddedPostgres startPostgres(boolean clean) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(clean).setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @Test
  void readinessFollowsTheDatabaseAndRecoversWithoutRestart() throws Exception {
    assertThat(management.get("/health/ready").status()).isEqualTo(200);
    postgres.close();
    Http.await("readiness DOWN while PostgreSQL is stopped", Duration.ofSeconds(10),
        () -> management.get("/health/ready").status() == 503);
    assertThat(management.get("/health/live").status()).isEqualTo(200);
    postgres = startPostgres(false);
    long back = System.nanoTime();
    Http.await("readiness UP again after PostgreSQL returned", Duration.ofSeconds(15),
        () -> management.get("/health/ready").status() == 200);
    assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
  }
}
