package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.LogCapture;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.PersonalNumbersForTests;
import se.indikatorvakt.support.ServiceExtension;

/**
 * The measurement API over real HTTP against a real PostgreSQL: the seed documents' values and
 * Kolada's JSON go in and come back out, revisions keep their history, and every kind of bad
 * request is refused with a problem that points at the field, storing nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeasurementApiTest {
  private static final int BODY_LIMIT = 256 * 1024;
  private static final int MAX_BATCH = 500;
  private static final String[] SOURCE = {"Authorization", "Bearer " + IngestTestData.SOURCE_KEY};
  private static final String[] SCOPED = {"Authorization", "Bearer " + IngestTestData.SCOPED_KEY};

  private static LogCapture log;
  private static Http api;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    env.put("INDIKATORVAKT_CONFIG_DIR", IngestTestData.configWithScopedKey().toString());
    env.put("INDIKATORVAKT_HTTP_BODY_LIMIT_BYTES", Integer.toString(BODY_LIMIT));
    env.put("INDIKATORVAKT_HTTP_MAX_BATCH_SIZE", Integer.toString(MAX_BATCH));
  }).withCompanion(() -> log = LogCapture.start());

  @BeforeAll
  static void start() {
    api = SERVICE.api();
  }

  private static Http.Response post(String path, String json, String... headers) {
    return api.post(path, "application/json", json, headers);
  }

  private static Http.Response get(String path) {
    return api.get(path, SOURCE);
  }

  private static String seed(String file) throws Exception {
    return Files.readString(Path.of("src/test/resources/seed", file), StandardCharsets.UTF_8);
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonArray history(String indicator, String orgUnit, String period) {
    Http.Response response = get("/api/v1/measurements/history?indicator=" + indicator + "&orgUnit=" + orgUnit
        + "&period=" + period);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonArray("revisions");
  }

  private static List<JsonObject> errors(Http.Response response) {
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    return response.json().getJsonArray("errors", new JsonArray()).stream().map(JsonObject.class::cast).toList();
  }

  private static List<String> pointers(Http.Response response) {
    return errors(response).stream().map(e -> e.getString("pointer")).toList();
  }

  @Test
  @Order(1)
  void importsKoladasJsonMappingTheOwnMunicipalityAndReportingTheRest() throws Exception {
    Http.Response response = post("/api/v1/import/kolada", seed("kolada-response.json"), SOURCE);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonObject body = response.json();
    assertThat(body.getInteger("received")).isEqualTo(23);
    assertThat(body.getInteger("created")).isEqualTo(15);
    assertThat(body.getInteger("nullValues")).isEqualTo(7);
    assertThat(body.getJsonArray("unmapped")).hasSize(1);
    assertThat(body.getJsonArray("unmapped").getJsonObject(0).getString("pointer")).isEqualTo("/values/8/values/0");
    JsonArray stored = get("/api/v1/measurements?indicator=vantetid-lss-boende&orgUnit=socialforvaltningen")
        .json().getJsonArray("items");
    assertThat(stored.stream().map(JsonObject.class::cast).map(m -> m.getString("period") + "=" + m.getDouble("value")))
        .containsExactly("2019=295.0", "2020=149.0", "2021=361.0");
    assertThat(stored.getJsonObject(0).getString("source")).isEqualTo("Kolada via Utvecklingsnyckel");

    Http.Response again = post("/api/v1/import/kolada", seed("kolada-response.json"), SOURCE);
    assertThat(again.status()).as("the same import again changes nothing").isEqualTo(200);
    assertThat(again.json().getInteger("unchanged")).isEqualTo(15);
  }

  @Test
  @Order(2)
  void postsTheSeedDocumentsValuesAndReadsEveryOneBackWithItsVerdict() throws Exception {
    JsonArray seed = new JsonArray(seed("measurements.json"));
    Http.Response response = post("/api/v1/measurements", seed.encode(), SOURCE);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonObject body = response.json();
    assertThat(body.getInteger("created")).as("the 15 Kolada values were already there").isEqualTo(seed.size() - 15);
    assertThat(body.getInteger("unchanged")).isEqualTo(15);
    assertThat(body.getJsonArray("items")).hasSize(seed.size());

    Map<String, Double> stored = new HashMap<>();
    String next = null;
    do {
      JsonObject page = get("/api/v1/measurements?limit=100" + (next == null ? "" : "&cursor=" + next)).json();
      page.getJsonArray("items").stream().map(JsonObject.class::cast).forEach(m -> stored.put(
          m.getString("indicator") + "|" + m.getString("orgUnit") + "|" + m.getString("gender") + "|"
              + m.getString("period"), m.getDouble("value")));
      next = page.getString("next");
    } while (next != null);
    for (Object o : seed) {
      JsonObject m = (JsonObject) o;
      assertThat(stored).containsEntry(m.getString("indicator") + "|" + m.getString("orgUnit") + "|"
          + m.getString("gender") + "|" + m.getString("period"), m.getDouble("value"));
    }

    for (Object o : new JsonArray(seed("expected-verdicts.json"))) {
      JsonObject expected = (JsonObject) o;
      JsonObject current = history(expected.getString("indicator"), expected.getString("orgUnit"),
          expected.getString("period")).getJsonObject(0);
      assertThat(current.getString("result")).as("verdict of %s", expected.encode())
          .isEqualTo(expected.getString("expected"));
    }
  }

  @Test
  @Order(3)
  void postingTheSameFileTwiceChangesNothing() throws Exception {
    Http.Response response = post("/api/v1/measurements", seed("measurements.json"), SOURCE);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getInteger("unchanged")).isEqualTo(new JsonArray(seed("measurements.json")).size());
    assertThat(response.json().getInteger("created")).isZero();
    assertThat(response.json().getInteger("revised")).isZero();
    assertThat(history("vantetid-daglig-verksamhet", "daglig-verksamhet", "2022-T1")).hasSize(1);
  }

  @Test
  @Order(4)
  void evaluatesAgainstTheMalvardeAndThePreviousPeriod() {
    JsonObject item = post("/api/v1/measurements", "{\"indicator\":\"vantetid-daglig-verksamhet\","
        + "\"orgUnit\":\"daglig-verksamhet\",\"period\":\"2022-T2\",\"value\":125}", SOURCE).json()
        .getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("change")).isEqualTo("created");
    assertThat(item.getString("result")).isEqualTo("ej uppfyllt");
    assertThat(item.getString("target")).contains("90");
    assertThat(item.getDouble("distance")).isEqualTo(35.0);
    assertThat(item.getString("trend")).isEqualTo("bättre ↘");
    JsonObject stored = history("vantetid-daglig-verksamhet", "daglig-verksamhet", "2022-T2").getJsonObject(0);
    assertThat(stored.getDouble("previousValue")).as("2022-T1 is the previous tertial").isEqualTo(134.0);
    assertThat(stored.getDouble("targetValue")).isEqualTo(90.0);
    assertThat(stored.getDouble("warningValue")).isEqualTo(120.0);
    assertThat(stored.getString("trend")).isEqualTo("bättre ↘");
  }

  @Test
  @Order(5)
  void aDifferentValueIsARevisionAndTheEarlierOneStaysInTheHistory() {
    String measurement = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
        + "\"period\":\"2021-T1\",\"value\":VALUE,\"comment\":\"COMMENT\"}";
    assertThat(post("/api/v1/measurements", measurement.replace("VALUE", "30").replace("COMMENT", "första"), SOURCE)
        .json().getInteger("created")).isEqualTo(1);
    Http.Response revised = post("/api/v1/measurements", measurement.replace("VALUE", "35")
        .replace("COMMENT", "rättad efter avstämning"), SOURCE);
    assertThat(revised.status()).isEqualTo(201);
    assertThat(revised.json().getInteger("revised")).isEqualTo(1);
    Http.Response same = post("/api/v1/measurements", measurement.replace("VALUE", "35")
        .replace("COMMENT", "rättad efter avstämning"), SOURCE);
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().getJsonArray("items").getJsonObject(0).getString("change")).isEqualTo("unchanged");

    JsonArray revisions = history("tid-till-samarbetssamtal", "familjeratten", "2021-T1");
    assertThat(revisions).hasSize(2);
    assertThat(revisions.getJsonObject(0).getDouble("value")).isEqualTo(35.0);
    assertThat(revisions.getJsonObject(0).getBoolean("current")).isTrue();
    assertThat(revisions.getJsonObject(0).getInteger("revision")).isEqualTo(2);
    assertThat(revisions.getJsonObject(1).getDouble("value")).isEqualTo(30.0);
    assertThat(revisions.getJsonObject(1).getString("comment")).isEqualTo("första");
    assertThat(revisions.getJsonObject(1).getString("replacedAt")).isNotNull();
    assertThat(revisions.getJsonObject(1).getString("replacedBySource")).isEqualTo("Utvecklingsnyckel");
  }

  @Test
  @Order(6)
  void aBatchWithBadItemsStoresNothingAndListsEveryProblem() {
    String good = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\",\"period\":\"2021-T2\","
        + "\"value\":20}";
    Http.Response response = post("/api/v1/measurements", "[" + good + ","
        + good.replace("2021-T2", "2021-T3").replace("20}", "-4}") + ","
        + good.replace("2021-T2", "2021-05") + "," + good.replace("familjeratten", "familjerätten") + "]", SOURCE);
    assertThat(response.status()).isEqualTo(422);
    assertThat(pointers(response)).containsExactlyInAnyOrder("/1/value", "/2/period", "/3/orgUnit");
    assertThat(history("tid-till-samarbetssamtal", "familjeratten", "2021-T2")).as("the good item was not stored")
        .isEmpty();
  }

  @Test
  @Order(7)
  void everyKindOfBadRequestGetsItsOwnStatus() {
    String valid = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\",\"period\":\"2020-T1\","
        + "\"value\":20}";
    Http.Response malformed = post("/api/v1/measurements", valid.substring(0, 40), SOURCE);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
    assertThat(post("/api/v1/measurements", valid.replace("}", ",\"value\":21}"), SOURCE).status())
        .as("duplicate name").isEqualTo(400);
    assertThat(api.post("/api/v1/measurements", "text/plain", valid, SOURCE).status()).isEqualTo(415);
    assertThat(api.post("/api/v1/measurements/", "text/plain", valid, SOURCE).status()).isEqualTo(415);
    assertThat(api.post("/api/v1/measurements", "application/json; charset=iso-8859-1", valid, SOURCE).status())
        .isEqualTo(415);
    assertThat(post("/api/v1/measurements", valid.replace("}", ",\"comment\":\"" + "a".repeat(BODY_LIMIT) + "\"}"),
        SOURCE).status()).as("body over http.bodyLimitBytes").isEqualTo(413);
    StringBuilder tooMany = new StringBuilder("[");
    for (int i = 0; i <= MAX_BATCH; i++) {
      tooMany.append(i == 0 ? "" : ",").append(valid.replace("2020-T1", (2000 + i / 3) + "-T" + (i % 3 + 1)));
    }
    Http.Response many = post("/api/v1/measurements", tooMany.append("]").toString(), SOURCE);
    assertThat(many.status()).as("more items than http.maxBatchSize").isEqualTo(413);
    assertThat(many.json().getString("detail")).contains("501");
    assertThat(post("/api/v1/measurements", valid.replace("tid-till-samarbetssamtal", "tid-till-okant"), SOURCE)
        .status()).isEqualTo(422);
    assertThat(history("tid-till-samarbetssamtal", "familjeratten", "2020-T1")).isEmpty();
  }

  @Test
  @Order(8)
  void aPersonnummerInTheCommentIsRefusedNeverStoredLoggedNorRepeated() {
    String pnr = PersonalNumbersForTests.personnummer();
    String written = "19" + pnr.substring(0, 6) + "-" + pnr.substring(6);
    Http.Response response = post("/api/v1/measurements", "{\"indicator\":\"tid-till-samarbetssamtal\","
        + "\"orgUnit\":\"familjeratten\",\"period\":\"2020-T2\",\"value\":20,\"comment\":\"Gäller " + written + "\"}",
        SOURCE);
    assertThat(response.status()).isEqualTo(422);
    assertThat(pointers(response)).containsExactly("/comment");
    assertThat(response.body()).doesNotContain(pnr.substring(0, 6));
    assertThat(history("tid-till-samarbetssamtal", "familjeratten", "2020-T2")).isEmpty();
    assertThat(log.lines()).isNotEmpty();
    assertThat(log.lines()).noneMatch(line -> line.contains(pnr.substring(0, 6)));
  }

  @Test
  @Order(9)
  void aKeyWritesOnlyItsOwnIndicatorsAndUnitsAndAllOthersAreListed() {
    String own = "{\"indicator\":\"vantetid-daglig-verksamhet\",\"orgUnit\":\"daglig-verksamhet\","
        + "\"period\":\"2021-T2\",\"value\":160}";
    Http.Response allowed = post("/api/v1/measurements", own, SCOPED);
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
    assertThat(history("vantetid-daglig-verksamhet", "daglig-verksamhet", "2021-T2").getJsonObject(0)
        .getString("source")).isEqualTo("Lifecare");

    Http.Response refused = post("/api/v1/measurements", "[" + own.replace("160", "161") + ","
        + own.replace("daglig-verksamhet\",\"period", "oppenvard-barn-och-familj\",\"period") + ","
        + own.replace("vantetid-daglig-verksamhet", "tid-till-samarbetssamtal") + "]", SCOPED);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(pointers(refused)).containsExactlyInAnyOrder("/1/orgUnit", "/2/indicator");
    assertThat(history("vantetid-daglig-verksamhet", "daglig-verksamhet", "2021-T2").getJsonObject(0)
        .getDouble("value")).as("nothing of the refused batch was stored").isEqualTo(160.0);
  }

  /** A Kolada response is imported where the key may write; what it may not is listed, the import is not refused. */
  @Test
  @Order(9)
  void aKoladaImportWritesOnlyWhatTheKeyMayAndListsTheRest() throws Exception {
    Http.Response response = post("/api/v1/import/kolada", seed("kolada-response.json").replace("\"2018\"",
        "\"2017\""), SCOPED);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.getInteger("created")).isZero();
    assertThat(body.getJsonArray("unmapped").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("reason").contains("may not write")).count()).isEqualTo(15);
    assertThat(get("/api/v1/measurements?indicator=vantetid-forsorjningsstod&orgUnit=socialforvaltningen"
        + "&from=2017&to=2017").json().getJsonArray("items")).as("nothing of 2017 stored").isEmpty();
  }

  @Test
  @Order(10)
  void withoutAValidKeyNothingIsReadOrWritten() {
    String valid = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\",\"period\":\"2020-T3\","
        + "\"value\":20}";
    Http.Response none = post("/api/v1/measurements", valid);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(post("/api/v1/measurements", valid, "Authorization", "Bearer not-a-key").status()).isEqualTo(401);
    assertThat(api.get("/api/v1/measurements").status()).isEqualTo(401);
    assertThat(api.get("/api/v1/measurements/history?indicator=x&orgUnit=y&period=2020").status()).isEqualTo(401);
  }

  @Test
  @Order(11)
  void readsCurrentValuesByPeriodRangeAndPageByPage() {
    String base = "/api/v1/measurements?indicator=vantetid-daglig-verksamhet&orgUnit=daglig-verksamhet";
    JsonArray items = get(base + "&from=2021&to=" + q("2022-T1")).json().getJsonArray("items");
    assertThat(items.stream().map(JsonObject.class::cast).map(m -> m.getString("period")))
        .containsExactly("2021-T2", "2021-T3", "2022-T1");
    assertThat(items.getJsonObject(2).getString("periodLabel")).isEqualTo("tertial 1 2022");
    assertThat(get(base + "&from=2022-05-01").json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(m -> m.getString("period"))).containsExactly("2022-T2");

    JsonObject first = get(base + "&limit=2").json();
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject second = get(base + "&limit=2&cursor=" + first.getString("next")).json();
    assertThat(second.getJsonArray("items").getJsonObject(0).getString("period")).isEqualTo("2022-T1");
    assertThat(second.getString("next")).isNull();
  }

  @Test
  @Order(12)
  void badQueryParametersAreRefusedWithTheParameterNamed() {
    Http.Response unreadable = get("/api/v1/measurements?from=yesterday");
    assertThat(unreadable.status()).isIn(400, 422);
    assertThat(pointers(unreadable)).containsExactly("?from");
    Http.Response unknown = get("/api/v1/measurements?indicator=no-such-indicator");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(get("/api/v1/measurements?limit=5000").status()).isEqualTo(400);
    assertThat(get("/api/v1/measurements?gender=X").status()).isEqualTo(400);
    assertThat(get("/api/v1/measurements?cursor=not-a-cursor").status()).isEqualTo(422);
    Http.Response missing = get("/api/v1/measurements/history?indicator=vantetid-daglig-verksamhet");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(pointers(missing)).contains("?orgUnit", "?period");
  }

  @Test
  @Order(13)
  void concurrentPostsOfTheSameNewValueStoreItOnceAndAllSucceed() throws Exception {
    String measurement = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
        + "\"period\":\"2019-T1\",\"value\":VALUE}";
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent = new java.util.ArrayList<>();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; i < 8; i++) {
      sent.add(client.sendAsync(api.builder("/api/v1/measurements", SOURCE).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(measurement.replace("VALUE", i < 4 ? "10" : "11")))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
    }
    List<String> changes = new java.util.ArrayList<>();
    for (var future : sent) {
      java.net.http.HttpResponse<String> response = future.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
      changes.add(new JsonObject(response.body()).getJsonArray("items").getJsonObject(0).getString("change"));
    }
    assertThat(changes).containsOnlyOnce("created");
    JsonArray revisions = history("tid-till-samarbetssamtal", "familjeratten", "2019-T1");
    assertThat(revisions.getJsonObject(0).getInteger("revision"))
        .as("one revision per change the requests reported").isEqualTo(1 + (int) changes.stream()
            .filter("revised"::equals).count());
  }

  @Test
  @Order(14)
  void servesTheOpenApiDocumentWithoutAKey() {
    Http.Response document = api.get("/api/v1/openapi.yaml");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.header("Content-Type")).startsWith("application/yaml");
    assertThat(document.body()).startsWith("openapi: 3.1.0").contains("/measurements:", "/import/kolada:");
  }
}
