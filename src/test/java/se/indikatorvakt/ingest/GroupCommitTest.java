package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Concurrent single POSTs share transactions (group commit) and still get each their own answer, their own source
 * on their rows, and their own failure. A pool of two connections allows one ingest transaction at a time, so
 * requests that arrive meanwhile are grouped; two event loops send them.
 */
class GroupCommitTest {
  private static final String MAIN = "tid-till-samarbetssamtal";
  private static final String MAIN_UNIT = "familjeratten";
  private static final String SCOPED = "vantetid-daglig-verksamhet";
  private static final String SCOPED_UNIT = "vo-funktionsstod-vuxen";
  private static DatabaseUrl database;
  private static TestService service;
  private static ProofDb db;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", IngestTestData.configWithScopedKey().toString());
    env.put("INDIKATORVAKT_DATABASE_POOL_SIZE", "2");
    env.put("INDIKATORVAKT_HTTP_INSTANCES", "2");
    service = TestService.start(env);
    db = new ProofDb(database);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    TestDatabases.drop(database);
  }

  @Test
  void concurrentSinglePostsShareTransactionsYetEachGetsItsOwnAnswerAndSource() throws Exception {
    List<String> early = periods(2016, 2017);
    for (String period : early) {
      assertThat(post(IngestTestData.SOURCE_KEY, MAIN, MAIN_UNIT, period, 10, null).get().statusCode()).isEqualTo(201);
    }
    Map<String, CompletableFuture<HttpResponse<String>>> main = new LinkedHashMap<>();
    Map<String, CompletableFuture<HttpResponse<String>>> scoped = new LinkedHashMap<>();
    List<String> periods = periods(2016, 2021);
    for (String period : periods) {
      main.put(period, post(IngestTestData.SOURCE_KEY, MAIN, MAIN_UNIT, period, 20, null));
      scoped.put(period, post(IngestTestData.SCOPED_KEY, SCOPED, SCOPED_UNIT, period, 30, null));
    }
    List<CompletableFuture<HttpResponse<String>>> sameKey = List.of(
        post(IngestTestData.SOURCE_KEY, MAIN, MAIN_UNIT, "2022-T1", 40, null),
        post(IngestTestData.SOURCE_KEY, MAIN, MAIN_UNIT, "2022-T1", 40, null));

    for (String period : periods) {
      JsonObject answer = new JsonObject(main.get(period).get().body());
      String expected = early.contains(period) ? "revised" : "created";
      assertThat(answer.getInteger(expected)).as("%s %s: %s", MAIN, period, answer).isEqualTo(1);
      assertThat(new JsonObject(scoped.get(period).get().body()).getInteger("created")).as("%s %s", SCOPED, period)
          .isEqualTo(1);
    }
    assertThat(sameKey.stream().map(f -> f.join().statusCode()).sorted().toList())
        .as("the same key twice at once: one creates it, the other finds it unchanged").containsExactly(200, 201);

    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND source = 'Utvecklingsnyckel'"
        + " AND period_start < '2022-01-01' AND value = 20", MAIN)).isEqualTo(periods.size());
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND source = 'Lifecare'"
        + " AND period_start < '2022-01-01' AND value = 30", SCOPED)).isEqualTo(periods.size());
    assertThat(db.count("SELECT count(*) FROM measurement_revision WHERE replaced_by_source = 'Utvecklingsnyckel'"
        + " AND value = 10")).isEqualTo(early.size());
    long transactions = db.count("SELECT count(DISTINCT xmin::text) FROM measurement WHERE period_start < '2022-01-01'");
    assertThat(transactions).as("transactions that committed %d requests", 2 * periods.size())
        .isLessThan(2 * periods.size());
    assertThat(db.count("SELECT count(*) FROM (SELECT xmin::text FROM measurement WHERE period_start < '2022-01-01'"
        + " GROUP BY 1 HAVING count(DISTINCT source) > 1) shared"))
        .as("transactions holding requests of both sources, each row with its own").isPositive();
  }

  @Test
  void aRequestTheDatabaseRefusesInsideAGroupFailsAloneAndTheOthersAreCommitted() throws Exception {
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
    List<String> periods = periods(2022, 2025).subList(1, 12);
    String refused = periods.get(5);
    Map<String, CompletableFuture<HttpResponse<String>>> sent = new LinkedHashMap<>();
    for (String period : periods) {
      sent.put(period, post(IngestTestData.SOURCE_KEY, MAIN, MAIN_UNIT, period, 50,
          period.equals(refused) ? "refuse me" : null));
    }

    for (String period : periods) {
      int status = sent.get(period).get().statusCode();
      if (period.equals(refused)) {
        assertThat(status).as("the refused request").isGreaterThanOrEqualTo(500);
      } else {
        assertThat(status).as("%s, grouped with the refused one", period).isEqualTo(201);
      }
    }
    assertThat(db.count("SELECT count(*) FROM measurement WHERE indicator_id = ? AND value = 50", MAIN))
        .isEqualTo(periods.size() - 1);
    assertThat(db.count("SELECT count(*) FROM measurement WHERE period = ? AND indicator_id = ?", refused, MAIN))
        .isZero();
  }

  @Test
  void anIdleSinglePostIsCommittedAtOnceInItsOwnTransaction() throws Exception {
    List<String> periods = periods(2022, 2023);
    for (String period : periods) {
      assertThat(post(IngestTestData.SCOPED_KEY, SCOPED, SCOPED_UNIT, period, 60, null).get().statusCode())
          .isEqualTo(201);
    }
    assertThat(db.count("SELECT count(DISTINCT xmin::text) FROM measurement WHERE indicator_id = ? AND value = 60",
        SCOPED)).as("one transaction each: nothing waited for company").isEqualTo(periods.size());
  }

  private static List<String> periods(int fromYear, int toYear) {
    List<String> periods = new ArrayList<>();
    for (int year = fromYear; year <= toYear; year++) {
      for (int t = 1; t <= 3; t++) {
        periods.add(year + "-T" + t);
      }
    }
    return periods;
  }

  private static CompletableFuture<HttpResponse<String>> post(String key, String indicator, String unit,
      String period, double value, String comment) {
    JsonObject body = new JsonObject().put("indicator", indicator).put("orgUnit", unit).put("period", period)
        .put("value", value);
    if (comment != null) {
      body.put("comment", comment);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
            + "/api/v1/measurements"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
