package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Three instances of the service on one PostgreSQL, posting the same breaches at the same moment: every state
 * change happens once (one alert, one firing event, one email per series), and the scheduler runs on one instance
 * at a time, taken over by another when that one stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertInstancesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T08:00:00Z"), ZoneOffset.UTC);
  private static final List<String> UNITS = List.of("daglig-verksamhet", "gruppbostader-lss", "servicebostader-lss",
      "personlig-assistans", "myndighet-funktionsstod-vuxen", "mottagning-vuxen", "ekonomiskt-bistand",
      "missbruk-och-beroende", "atv", "boendestod-socialpsykiatri");
  private static final String SCHEDULER_LOCK = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
      + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

  private static DatabaseUrl database;
  private static ProofDb db;
  private static final List<TestService> instances = new ArrayList<>();
  private static final List<AlertApi> apis = new ArrayList<>();
  private static int firstLeader;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    db = new ProofDb(database);
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT0.1S");
    start(env);
    Http.await("the first instance to take the scheduler lock", Duration.ofSeconds(10),
        () -> db.rows(SCHEDULER_LOCK).size() == 1);
    firstLeader = ((Number) db.rows(SCHEDULER_LOCK).get(0).get("pid")).intValue();
    start(env);
    start(env);
  }

  private static void start(Map<String, String> env) {
    TestService service = TestService.start(env, CLOCK);
    instances.add(service);
    apis.add(new AlertApi(service.apiPort(), database));
  }

  @AfterAll
  static void stop() {
    instances.forEach(TestService::close);
    TestDatabases.drop(database);
  }

  @Test
  @Order(1)
  void threeInstancesPostingTheSameBreachAtOnceMakeOneAlertOneFiringEventAndOneEmail() throws Exception {
    List<Http.Response> answers = concurrently(UNITS.size() * apis.size(), i ->
        apis.get(i % apis.size()).post(AlertApi.VANTETID, UNITS.get(i / apis.size()), "2022-T2", 134));

    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isIn(200, 201));
    for (String unit : UNITS) {
      assertOneFiringAlertWithOneEmail(unit);
    }
  }

  @Test
  @Order(2)
  void differentPeriodsOfOneSeriesPostedAtOnceStillMakeOneAlert() throws Exception {
    List<String> units = List.of("familjeratten", "familjehemsenheten", "faltverksamheten", "rad-och-stodenheten",
        "oppenvard-barn-och-familj", "korttidsvistelse-barn");
    List<String> periods = List.of("2022-T1", "2022-T2", "2022-T3");
    List<Http.Response> answers = concurrently(units.size() * apis.size(), i ->
        apis.get(i % apis.size()).post(AlertApi.VANTETID, units.get(i / apis.size()), periods.get(i % apis.size()),
            130 + i % apis.size()));

    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
    for (String unit : units) {
      assertOneFiringAlertWithOneEmail(unit);
      assertThat(apis.get(0).onlyAlert(AlertApi.VANTETID, unit).getString("period")).isEqualTo("2022-T3");
    }
  }

  @Test
  @Order(3)
  void theSchedulerRunsOnOneInstanceAndAnotherTakesOverWhenItStops() {
    assertThat(db.rows(SCHEDULER_LOCK)).as("one scheduler among three instances").hasSize(1);
    assertThat(((Number) db.rows(SCHEDULER_LOCK).get(0).get("pid")).intValue()).isEqualTo(firstLeader);

    instances.get(0).close();

    Http.await("another instance to take over the scheduler", Duration.ofSeconds(10), () -> {
      List<Map<String, Object>> holders = db.rows(SCHEDULER_LOCK);
      return holders.size() == 1 && ((Number) holders.get(0).get("pid")).intValue() != firstLeader;
    });
    instances.remove(0);
    apis.remove(0);
  }

  private static void assertOneFiringAlertWithOneEmail(String unit) {
    List<Map<String, Object>> alerts = db.rows("SELECT id, state FROM alert WHERE kind = 'breach' "
        + "AND indicator_id = ? AND org_unit_id = ?", AlertApi.VANTETID, unit);
    assertThat(alerts).as("alerts of " + unit).hasSize(1);
    long id = ((Number) alerts.get(0).get("id")).longValue();
    assertThat(alerts.get(0).get("state")).isEqualTo("firing");
    assertThat(db.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND to_state = 'firing' "
        + "AND kind = 'transition'", id)).as("firing events of " + unit).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM outbox WHERE alert_id = ?", id)).as("emails of " + unit).isEqualTo(1);
  }

  private interface Call {
    Http.Response run(int index);
  }

  /** Runs the calls on as many threads, released together so that they meet in the database. */
  private static List<Http.Response> concurrently(int count, Call call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CyclicBarrier together = new CyclicBarrier(count);
      List<Future<Http.Response>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        pending.add(threads.submit(() -> {
          together.await();
          return call.run(index);
        }));
      }
      List<Http.Response> answers = new ArrayList<>();
      for (Future<Http.Response> answer : pending) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      threads.shutdownNow();
    }
  }
}
