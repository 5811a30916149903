package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

class ServiceLifecycleTest {
  private static DatabaseUrl database;
  private static TestService service;
  private static Http api;
  private static Http management;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    service = TestService.start(TestService.env(database));
    api = new Http(service.apiPort());
    management = new Http(service.managementPort());
  }

  @AfterAll
  static void stop() {
    service.close();
    TestDatabases.drop(database);
  }

  @Test
  void isLiveAndReadyOnceTheSchemaIsMigrated() {
    assertThat(management.get("/health/live").status()).isEqualTo(200);
    Http.Response ready = management.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(ready.body()).contains("database");
  }

  @Test
  void exposesPrometheusMetricsOnTheManagementPortOnly() {
    api.get("/api/v1/nothing-here");
    Http.Response metrics = management.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
    assertThat(api.get("/metrics").status()).isEqualTo(404);
  }

  @Test
  void unknownApiPathsAnswerWithProblemJson() {
    Http.Response response = api.get("/api/v1/nothing-here");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.json().getInteger("status")).isEqualTo(404);
    assertThat(response.json().getString("instance")).isEqualTo("/api/v1/nothing-here");
  }

  @Test
  void readinessGoesDownFirstWhenShuttingDown() {
    DatabaseUrl own = TestDatabases.create();
    TestService second = TestService.start(TestService.env(own));
    Http secondManagement = new Http(second.managementPort());
    assertThat(secondManagement.get("/health/ready").status()).isEqualTo(200);
    second.app().readiness().shuttingDown();
    assertThat(secondManagement.get("/health/ready").status()).isEqualTo(503);
    long started = System.nanoTime();
    second.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    TestDatabases.drop(own);
  }
}
