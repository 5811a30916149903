package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * More requests than the database pool can queue: the surplus is shed with 503 and Retry-After (the caller's
 * retry policy applies), never a 500, and the service stays ready.
 */
class IngestOverloadTest {
  private static final String MEASUREMENT = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
      + "\"period\":\"2021-T1\",\"value\":20}";
  private static final int REQUESTS = 80;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    env.put("INDIKATORVAKT_DATABASE_POOL_SIZE", "1");
    env.put("INDIKATORVAKT_DATABASE_MAX_WAIT_QUEUE", "1");
  });

  @Test
  void requestsBeyondThePoolsQueueGet503WithRetryAfterAndNothingHalfStored() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICE.apiPort()
            + "/api/v1/measurements"))
        .header("Authorization", "Bearer " + IngestTestData.SOURCE_KEY).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(MEASUREMENT)).build();
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : sent) {
      answers.add(answer.get());
    }

    assertThat(answers).extracting(HttpResponse::statusCode).as("only committed, unchanged or shed")
        .allMatch(status -> status == 201 || status == 200 || status == 503);
    List<HttpResponse<String>> shed = answers.stream().filter(a -> a.statusCode() == 503).toList();
    assertThat(shed).as("%d requests at once against a pool of one connection and a queue of one", REQUESTS)
        .isNotEmpty();
    assertThat(shed).allSatisfy(a -> {
      assertThat(a.headers().firstValue("Retry-After")).isPresent();
      assertThat(a.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
    });
    assertThat(answers).filteredOn(a -> a.statusCode() == 201).as("the value is created once").hasSize(1);
    assertThat(new ProofDb(SERVICE.database()).count("SELECT count(*) FROM measurement")).isEqualTo(1);
    assertThat(new Http(SERVICE.managementPort()).get("/health/ready").status()).isEqualTo(200);
  }
}
