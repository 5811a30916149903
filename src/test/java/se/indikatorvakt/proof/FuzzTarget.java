package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** The running service a fuzz property posts to, and the property itself: the right answer for every body. */
final class FuzzTarget implements AutoCloseable {
  private final DatabaseUrl database;
  private final TestService service;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private FuzzTarget(DatabaseUrl database, TestService service) {
    this.database = database;
    this.service = service;
  }

  static FuzzTarget start() {
    DatabaseUrl database = TestDatabases.create();
    return new FuzzTarget(database, TestService.start(ProofEnv.env(database, ProofCatalog.write(3))));
  }

  /** Never a 5xx; valid bodies get a 2xx; invalid ones a 4xx problem+json naming the broken field. */
  void assertAnsweredRightly(FuzzedRequest request) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + service.apiPort() + "/api/v1/measurements"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", ProofEnv.BEARER)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(), HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    String answer = status + " " + response.body();
    assertThat(status).as("never a 5xx; got %s", answer).isLessThan(500);
    if (request.valid()) {
      assertThat(status).as("valid input is accepted; got %s", answer).isBetween(200, 299);
      return;
    }
    assertThat(status).as("invalid input is refused with a 4xx; got %s", answer).isBetween(400, 499);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as("refusal is problem+json; got %s", answer).startsWith("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    if (request.pointer() != null) {
      assertThat(StreamSupport.stream(problem.getJsonArray("errors", new io.vertx.core.json.JsonArray()).spliterator(),
              false).map(e -> ((JsonObject) e).getString("pointer")).toList())
          .as("the problem points at %s; got %s", request.pointer(), answer).contains(request.pointer());
    }
  }

  boolean ready() {
    return new Http(service.managementPort()).get("/health/ready").status() == 200;
  }

  @Override
  public void close() {
    service.close();
    TestDatabases.drop(database);
  }
}
