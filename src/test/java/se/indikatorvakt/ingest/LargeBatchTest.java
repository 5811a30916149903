package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Batches large enough to be judged and inserted in chunks on workers (more than 256 values, several chunks of
 * 2 000): they are still one transaction, all or nothing, and every breaching series gets its alert and its email.
 * Both indicators are Kalmar's day-level legal deadlines (target 0, one breaching day fires, critical).
 */
class LargeBatchTest {
  private static final String DEADLINE = "forhandsbedomningar-over-14-dagar";
  private static final String OTHER_DEADLINE = "utredningar-over-fyra-manader";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static DatabaseUrl database;
  private static TestService service;
  private static ProofDb db;
  private static List<String> units;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    service = TestService.start(TestService.env(database));
    db = new ProofDb(database);
    LocalDate first = LocalDate.of(2016, 1, 1);
    units = IngestTestData.shippedCatalog().kommun("0880").orElseThrow().organisation().units().stream()
        .filter(u -> u.validTo().isEmpty() && !u.validFrom().isAfter(first)).map(OrgUnit::id).sorted().toList();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    TestDatabases.drop(database);
  }

  @Test
  void aBatchOfSeveralChunksStoresEveryValueAndRaisesTheAlertOfEveryBreachingSeries() throws Exception {
    int days = 4_500 / units.size() + 1;
    LocalDate from = LocalDate.of(2024, 1, 1);
    Set<String> breaching = new HashSet<>();
    JsonArray batch = new JsonArray();
    for (int u = 0; u < units.size(); u++) {
      boolean breaches = u % 2 == 0;
      if (breaches) {
        breaching.add(units.get(u));
      }
      for (int d = 0; d < days; d++) {
        int value = breaches && d == days - 1 ? 3 : 0;
        batch.add(item(DEADLINE, units.get(u), from.plusDays(d), value, null));
      }
    }

    HttpResponse<String> response = post(batch);

    assertThat(response.statusCode()).as(start(response.body())).isEqualTo(201);
    JsonObject answer = new JsonObject(response.body());
    assertThat(answer.getInteger("created")).isEqualTo(batch.size());
    JsonArray items = answer.getJsonArray("items");
    for (int i = 0; i < batch.size(); i++) {
      JsonObject posted = batch.getJsonObject(i);
      JsonObject item = items.getJsonObject(i);
      assertThat(item.getInteger("index")).isEqualTo(i);
      assertThat(item.getString("orgUnit") + " " + item.getString("period"))
          .isEqualTo(posted.getString("orgUnit") + " " + posted.getString("period"));
      assertThat(item.getString("resultCode")).as("item %d", i)
          .isEqualTo(posted.getInteger("value") > 0 ? "not-met" : "met");
    }
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND period_start >= ?", DEADLINE,
        from)).isEqualTo(batch.size());
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND period_start = ? AND trend IS"
        + " NOT NULL", DEADLINE, from.plusDays(1))).as("the second day judged against the first, posted with it")
        .isEqualTo(units.size());
    Set<String> alerted = new HashSet<>();
    db.rows("SELECT org_unit_id FROM alert WHERE kind = 'breach' AND state = 'firing' AND indicator_id = ?", DEADLINE)
        .forEach(row -> alerted.add((String) row.get("org_unit_id")));
    assertThat(alerted).isEqualTo(breaching);
    long told = db.count("SELECT count(*) FROM alert WHERE kind = 'breach' AND indicator_id = ?"
        + " AND recipient_email IS NOT NULL", DEADLINE);
    assertThat(told).as("breaching units with a manager to tell").isPositive();
    assertThat(db.count("SELECT count(*) FROM outbox o JOIN alert a ON a.id = o.alert_id WHERE o.kind = 'firing'"
        + " AND a.indicator_id = ?", DEADLINE)).as("one email per alert told, in the same transaction")
        .isEqualTo(told);
  }

  @Test
  void aBatchTheDatabaseRefusesInItsLastChunkStoresNoValueNoAlertAndNoEmail() throws Exception {
    db.execute("""
        CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.comment = 'refuse me' THEN
            RAISE EXCEPTION 'refused for this test';
          END IF;
          RETURN NEW;
        END $$""");
    db.execute("CREATE TRIGGER refuse_marked BEFORE INSERT ON measurement FOR EACH ROW "
        + "EXECUTE FUNCTION refuse_marked()");
    try {
      int days = 4_500 / units.size() + 1;
      LocalDate from = LocalDate.of(2023, 1, 1);
      JsonArray batch = new JsonArray();
      for (String unit : units) {
        for (int d = 0; d < days; d++) {
          batch.add(item(OTHER_DEADLINE, unit, from.plusDays(d), d == days - 1 ? 5 : 0, null));
        }
      }
      // the key that sorts last, so that every chunk before it was inserted when it is refused
      batch.getJsonObject(batch.size() - 1).put("comment", "refuse me");

      HttpResponse<String> response = post(batch);

      assertThat(response.statusCode()).as(start(response.body())).isGreaterThanOrEqualTo(500);
      assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ?", OTHER_DEADLINE)).isZero();
      assertThat(db.count("SELECT count(*) FROM alert WHERE indicator_id = ?", OTHER_DEADLINE)).isZero();
      assertThat(db.count("SELECT count(*) FROM outbox o JOIN alert a ON a.id = o.alert_id WHERE a.indicator_id = ?",
          OTHER_DEADLINE)).isZero();
    } finally {
      db.execute("DROP TRIGGER refuse_marked ON measurement");
      db.execute("DROP FUNCTION refuse_marked()");
    }
  }

  @Test
  void aBatchOverStoredValuesCreatesTheNewRevisesTheChangedAndLeavesTheSame() throws Exception {
    LocalDate from = LocalDate.of(2016, 1, 1);
    String unit = units.get(0);
    JsonArray stored = new JsonArray();
    for (int d = 0; d < 300; d++) {
      stored.add(item(DEADLINE, unit, from.plusDays(d), 0, null));
    }
    assertThat(post(stored).statusCode()).isEqualTo(201);
    JsonArray batch = new JsonArray();
    for (int d = 0; d < 2_500; d++) {
      batch.add(item(DEADLINE, unit, from.plusDays(d), d < 300 && d % 3 == 0 ? 1 : 0, null));
    }

    HttpResponse<String> response = post(batch);

    assertThat(response.statusCode()).as(start(response.body())).isEqualTo(201);
    JsonObject answer = new JsonObject(response.body());
    assertThat(List.of(answer.getInteger("created"), answer.getInteger("revised"), answer.getInteger("unchanged")))
        .containsExactly(2_200, 100, 200);
    JsonArray items = answer.getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("change")).isEqualTo("revised");
    assertThat(items.getJsonObject(1).getString("change")).isEqualTo("unchanged");
    assertThat(items.getJsonObject(300).getString("change")).isEqualTo("created");
    assertThat(db.count("SELECT count(*) FROM measurement_revision r JOIN measurement m ON m.id = r.measurement_id"
        + " WHERE m.indicator_id = ? AND m.org_unit_id = ? AND r.value = 0", DEADLINE, unit)).isEqualTo(100);
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND org_unit_id = ?"
        + " AND period_start >= ? AND period_start < ?", DEADLINE, unit, from, from.plusDays(2_500))).isEqualTo(2_500);
  }

  @Test
  void aLargeBatchWithAKeyTwiceInItsTwoHalvesAndABadValueListsBothAndStoresNothing() throws Exception {
    LocalDate from = LocalDate.of(2022, 1, 1);
    JsonArray batch = new JsonArray();
    for (int d = 0; d < 3_000; d++) {
      batch.add(item(OTHER_DEADLINE, units.get(d % units.size()), from.plusDays(d / units.size()), 0, null));
    }
    // the body's items are checked in two halves at once: the key of item 10 again in the second half
    batch.set(2_990, batch.getJsonObject(10).copy());
    batch.getJsonObject(2_000).put("value", -1);

    HttpResponse<String> response = post(batch);

    assertThat(response.statusCode()).as(start(response.body())).isEqualTo(422);
    JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer")).toList())
        .containsExactly("/2000/value", "/2990");
    assertThat(errors.getJsonObject(1).getString("detail")).contains("/10");
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND period_start >= ?",
        OTHER_DEADLINE, from)).isZero();
  }

  private static String start(String body) {
    return body.substring(0, Math.min(300, body.length()));
  }

  private static JsonObject item(String indicator, String unit, LocalDate day, int value, String comment) {
    JsonObject item = new JsonObject().put("indicator", indicator).put("orgUnit", unit).put("period", day.toString())
        .put("value", value);
    return comment == null ? item : item.put("comment", comment);
  }

  private static HttpResponse<String> post(JsonArray batch) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
            + "/api/v1/measurements"))
        .header("Authorization", "Bearer " + IngestTestData.SOURCE_KEY).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(batch.encode())).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
