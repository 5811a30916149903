package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.LatencyRelay;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * A single POST's transaction is three flights to PostgreSQL, whatever it does to the alert lifecycle (opening a
 * breach alert or resolving one): the values of the periods it is compared with; then the insert, the reads (the
 * open breach's series among them) and the pair's lock; then the alert, its audit event,
 * its email's outbox row and the COMMIT, since the ids of new breach alerts are reserved in the flight before. Before,
 * the writes waited for the alert's insert to answer with its id, and the COMMIT for all of them: five flights, the
 * pair's lock held through three of them and the commit. Every reply of the real PostgreSQL reaches the service
 * {@link #LATENCY} late (a relay in between), so the answer's time counts the flights. Kalmar's own indicator and
 * målvärde (config/kommuner).
 */
class SinglePostFlightsTest {
  private static final Duration LATENCY = Duration.ofMillis(400);
  private static final String KEY = "dev-indikatorvakt-local-key";
  private static final String INDICATOR = "vantetid-daglig-verksamhet";
  private static final String UNIT = "daglig-verksamhet";
  /** In order: a breach of the målvärde ≤ 90 dagar (134), then a value that meets it (50), four times. */
  private static final List<String> PERIODS = List.of("2022-T1", "2022-T2", "2022-T3", "2023-T1", "2023-T2",
      "2023-T3", "2024-T1", "2024-T2", "2024-T3", "2025-T1");
  private static DatabaseUrl direct;
  private static LatencyRelay slowDatabase;
  private static TestService service;
  private static Http api;
  private static ProofDb db;

  @BeforeAll
  static void start() throws Exception {
    direct = TestDatabases.create();
    slowDatabase = new LatencyRelay(direct.port());
    DatabaseUrl slow = new DatabaseUrl(direct.host(), slowDatabase.port(), direct.database(), direct.user(),
        direct.password());
    Map<String, String> env = TestService.env(slow);
    env.put("INDIKATORVAKT_DATABASE_POOL_SIZE", "2");
    service = TestService.start(env);
    api = new Http(service.apiPort());
    db = new ProofDb(direct);
    // breaches at full speed first, so that the connections have prepared most statements
    for (int i = 0; i < 4; i += 2) {
      assertThat(post(PERIODS.get(i), 134).status()).isEqualTo(201);
      assertThat(post(PERIODS.get(i + 1), 50).status()).isEqualTo(201);
    }
    slowDatabase.replyLatency(LATENCY);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    slowDatabase.close();
    TestDatabases.drop(direct);
  }

  /**
   * Three such breaches one after another, each once the work that follows a commit (gauges, statistics) is done;
   * the fastest counts, since a connection that meets a statement for the first time prepares it in a round trip of
   * its own, and of the pool's two, one has then met them all.
   */
  @Test
  void aBreachThatOpensAnAlertAndTheValueThatResolvesItAreEachAnsweredAfterThreeFlights()
      throws InterruptedException {
    Duration fastest = Duration.ofDays(1);
    Duration fastestResolved = Duration.ofDays(1);
    for (int i = 4; i < PERIODS.size(); i += 2) {
      String period = PERIODS.get(i);
      long start = System.nanoTime();
      Http.Response posted = post(period, 134);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      fastest = took.compareTo(fastest) < 0 ? took : fastest;

      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      assertThat(db.count("SELECT count(*) FROM alert WHERE indicator_id = ? AND org_unit_id = ? AND kind = 'breach'"
          + " AND state IN ('pending', 'firing') AND period = ?", INDICATOR, UNIT, period)).as("the alert")
          .isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM alert_event e JOIN alert a ON a.id = e.alert_id"
          + " WHERE a.indicator_id = ? AND a.period = ?", INDICATOR, period)).as("its audit event")
          .isGreaterThanOrEqualTo(1);
      Thread.sleep(LATENCY.multipliedBy(3).toMillis());

      start = System.nanoTime();
      Http.Response resolving = post(PERIODS.get(i + 1), 50);
      took = Duration.ofNanos(System.nanoTime() - start);
      fastestResolved = took.compareTo(fastestResolved) < 0 ? took : fastestResolved;
      assertThat(resolving.status()).as(resolving.body()).isEqualTo(201);
      assertThat(db.count("SELECT count(*) FROM alert WHERE indicator_id = ? AND org_unit_id = ? AND kind = 'breach'"
          + " AND state IN ('pending', 'firing')", INDICATOR, UNIT)).as("resolved, so that the next breach opens an"
          + " alert again").isZero();
      Thread.sleep(LATENCY.multipliedBy(3).toMillis());
    }
    assertThat(fastest).as("the fastest breach's answer, every reply of PostgreSQL %s late", LATENCY)
        .isGreaterThanOrEqualTo(LATENCY.multipliedBy(3)).isLessThan(LATENCY.multipliedBy(4));
    // the open breach's series is read with the pair's lock, not in a flight of its own after the open alerts
    assertThat(fastestResolved).as("the fastest resolving value's answer, every reply of PostgreSQL %s late", LATENCY)
        .isGreaterThanOrEqualTo(LATENCY.multipliedBy(3)).isLessThan(LATENCY.multipliedBy(4));
  }

  private static Http.Response post(String period, int value) {
    return api.postJson("/api/v1/measurements", new JsonObject().put("indicator", INDICATOR).put("orgUnit", UNIT)
        .put("period", period).put("value", value), "Authorization", "Bearer " + KEY);
  }
}
