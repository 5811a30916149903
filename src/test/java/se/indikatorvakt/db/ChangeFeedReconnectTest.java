package se.indikatorvakt.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.LogCapture;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Two instances on one database. The first one's LISTEN connection is terminated by the server while values are
 * committed through the second: the first reconnects, says so, and its gauges catch up with what it missed.
 */
class ChangeFeedReconnectTest {
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static final String VALUE = "indikatorvakt_indicator_value{gender=\"T\",indicator=\"vantetid-daglig-verksamhet\","
      + "kommun=\"0880\",org_unit=\"daglig-verksamhet\"}";
  private static DatabaseUrl database;
  private static TestService first;
  private static TestService second;
  private static List<Integer> firstListener;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.create();
    first = TestService.start(TestService.env(database));
    firstListener = listeners();
    second = TestService.start(TestService.env(database));
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
    TestDatabases.drop(database);
  }

  /** The backends whose last statement was a LISTEN: the change feed's connection of each instance running. */
  private static List<Integer> listeners() throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            + "AND query LIKE 'LISTEN%'")) {
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
    }
    return pids;
  }

  private static void terminate(List<Integer> pids) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      for (int pid : pids) {
        statement.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
    }
  }

  private static String shown(TestService service) {
    return new Http(service.managementPort()).get("/metrics").body().lines()
        .filter(line -> line.startsWith(VALUE + " ")).map(line -> line.substring(VALUE.length() + 1)).findFirst()
        .orElse("");
  }

  @Test
  void aKilledListenerReconnectsSaysSoAndTheGaugesCatchUp() throws Exception {
    assertThat(firstListener).as("the first instance's change feed").hasSize(1);
    try (LogCapture log = LogCapture.start()) {
      terminate(firstListener);
      Http.Response posted = new Http(second.apiPort()).postJson("/api/v1/measurements", new JsonObject()
          .put("indicator", "vantetid-daglig-verksamhet").put("orgUnit", "daglig-verksamhet").put("gender", "T")
          .put("period", "2022-T1").put("value", 134), "Authorization", SOURCE);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);

      Http.await("the value on the first instance's gauges", Duration.ofSeconds(10),
          () -> shown(first).equals("134"));
      Http.await("the reconnect logged", Duration.ofSeconds(5),
          () -> !log.linesContaining("Change feed reconnected").isEmpty());
      assertThat(log.linesContaining("Change feed connection lost")).singleElement().asString()
          .startsWith("WARN").containsPattern("lost \\((FATAL: )?(terminating connection|Connection reset)").doesNotContain(" | ");
      assertThat(log.linesContaining("Change feed reconnected")).singleElement().asString().startsWith("INFO");
      assertThat(log.lines()).as("no stack trace for a connection the service expects to lose")
          .noneMatch(line -> line.contains(" | "));
      assertThat(listeners()).as("both instances listen again").hasSize(2).doesNotContainAnyElementsOf(firstListener);
    }
  }
}
