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
 * metrics.maxSeries: the series a leader must see first keep their gauges, and a series left out is counted once,
 * when it is first left out, not again at every refresh that still leaves it out.
 */
class MaxSeriesTest {
  private static final String INDICATOR = "vantetid-daglig-verksamhet";
  private static final String DROPPED = "indikatorvakt_metrics_dropped_series_total";
  private static final String VALUE = "indikatorvakt_indicator_value{";
  private static DatabaseUrl database;
  private static TestService service;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_METRICS_MAX_SERIES", "2");
    env.put("INDIKATORVAKT_METRICS_REFRESH_INTERVAL", "PT1H");
    Migrations.migrate(database);
    // three series ej uppfyllt, and daglig verksamhet without a målvärde, which comes last
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("""
          INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                 period_end, value, result, source, created_at, updated_at)
          SELECT '0880', '%s', unit, 'T', '2022-T1', 'tertial', DATE '2022-01-01', DATE '2022-04-30', 150,
                 CASE WHEN unit = 'daglig-verksamhet' THEN 'no-target' ELSE 'not-met' END, 'test', now(), now()
            FROM unnest(ARRAY['socialforvaltningen', 'tillstandsenheten', 'verksamhetsutveckling',
                              'daglig-verksamhet']) AS unit""".formatted(INDICATOR));
    }
    service = TestService.start(env);
    Http.await("the gauges' reads at start", Duration.ofSeconds(10), () -> counter(
        "indikatorvakt_metrics_refresh_series_read_total{refresh=\"all\"} ") >= 8);
  }

  @AfterAll
  static void stop() {
    service.close();
    TestDatabases.drop(database);
  }

  @Test
  void aSeriesLeftOutIsCountedWhenItIsFirstLeftOutOnly() {
    assertThat(page().lines().filter(line -> line.startsWith(VALUE))).hasSize(2)
        .allMatch(line -> line.contains("org_unit=\"socialforvaltningen\"") || line.contains(
            "org_unit=\"tillstandsenheten\""));
    assertThat(counter(DROPPED + " ")).as("two left out, read twice at the start").isEqualTo(2);

    Http.Response posted = new Http(service.apiPort()).postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", INDICATOR).put("orgUnit", "daglig-verksamhet").put("gender", "T").put("period", "2022-T1")
        .put("value", 134), "Authorization", "Bearer dev-indikatorvakt-local-key");
    assertThat(posted.status()).as(posted.body()).isBetween(200, 201);
    Http.await("daglig verksamhet ej uppfyllt among the gauges", Duration.ofSeconds(10),
        () -> page().contains("org_unit=\"daglig-verksamhet\"} 134\n"));
    assertThat(counter(DROPPED + " ")).as("tillståndsenheten left out now; verksamhetsutveckling was already")
        .isEqualTo(3);
  }

  private static String page() {
    return new Http(service.managementPort()).get("/metrics").body();
  }

  private static double counter(String prefix) {
    return page().lines().filter(line -> line.startsWith(prefix)).mapToDouble(line ->
        Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(-1);
  }
}
