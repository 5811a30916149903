package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The domain gauges follow a commit by reading the series it changed, not every series: with 2 000 other series in
 * the database, a new value shows on /metrics after a refresh that read one series row; only a reconnect of the
 * change feed, which may have missed commits, reads every series again.
 */
class GaugesFollowChangesTest {
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static final String VALUE = "indikatorvakt_indicator_value{gender=\"T\",indicator=\"vantetid-daglig-verksamhet\","
      + "kommun=\"0880\",org_unit=\"daglig-verksamhet\"}";
  private static final String READ = "indikatorvakt_metrics_refresh_series_read_total";
  private static final int OTHERS = 2000;
  private static DatabaseUrl database;
  private static TestService service;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    // no periodic refresh during the test: what it reads is what the notifications asked for
    env.put("INDIKATORVAKT_METRICS_REFRESH_INTERVAL", "PT1H");
    // the other series are there before the service starts, and the test begins after the start-up's full reads:
    // one when the gauges start, one when the change feed has connected (a commit in between is not missed)
    Migrations.migrate(database);
    execute("""
        INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
               period_end, value, result, source, created_at, updated_at)
        SELECT '0880', 'other-' || i, 'unit', 'T', '2022', 'year', DATE '2022-01-01', DATE '2022-12-31', i, 'no-target',
               'test', now(), now()
          FROM generate_series(1, %d) AS i""".formatted(OTHERS));
    service = TestService.start(env);
    Http.await("the full reads at start", Duration.ofSeconds(10), () -> counter("all") >= 2 * OTHERS);
  }

  @AfterAll
  static void stop() {
    service.close();
    TestDatabases.drop(database);
  }

  @Test
  void aCommitIsShownAfterReadingItsSeriesOnlyAndAReconnectRereadsEverySeries() throws SQLException {
    double everyBefore = counter("all");
    double changedBefore = counter("changed");

    post(134);
    Http.await("the new value on the gauges", Duration.ofSeconds(10), () -> shown().equals("134"));
    assertThat(counter("changed") - changedBefore).as("series rows read for the commit").isEqualTo(1);
    assertThat(counter("all")).as("every series read again").isEqualTo(everyBefore);

    post(120);
    Http.await("the revised value on the gauges", Duration.ofSeconds(10), () -> shown().equals("120"));
    assertThat(counter("changed") - changedBefore).isEqualTo(2);
    assertThat(counter("all")).isEqualTo(everyBefore);

    execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND query LIKE 'LISTEN%'");
    Http.await("every series read after the reconnect", Duration.ofSeconds(15),
        () -> counter("all") >= everyBefore + OTHERS + 1);
    assertThat(shown()).isEqualTo("120");
  }

  private static void post(double value) {
    Http.Response posted = new Http(service.apiPort()).postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "vantetid-daglig-verksamhet").put("orgUnit", "daglig-verksamhet").put("gender", "T")
        .put("period", "2022-T1").put("value", value), "Authorization", SOURCE);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 201);
  }

  private static String page() {
    return new Http(service.managementPort()).get("/metrics").body();
  }

  private static String shown() {
    return page().lines().filter(line -> line.startsWith(VALUE + " ")).map(line -> line.substring(VALUE.length() + 1))
        .findFirst().orElse("");
  }

  private static double counter(String refresh) {
    String name = READ + "{refresh=\"" + refresh + "\"} ";
    return page().lines().filter(line -> line.startsWith(name)).mapToDouble(line ->
        Double.parseDouble(line.substring(name.length()))).findFirst().orElseThrow();
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
