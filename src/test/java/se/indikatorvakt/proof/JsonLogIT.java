package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The jar in JSON log mode, read the way a log shipper reads it: every line of its output is one JSON object,
 * through database disconnects, a refused start and a shutdown.
 */
class JsonLogIT {

  private static List<JsonObject> events(Path log) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    List<String> notJson = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      try {
        events.add(new JsonObject(line));
      } catch (DecodeException e) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("lines that are not JSON").isEmpty();
    return events;
  }

  private static void terminateConnections(DatabaseUrl database) throws Exception {
    DatabaseUrl admin = TestDatabases.server();
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
          + database.database() + "' AND pid <> pg_backend_pid()");
    }
  }

  @Test
  void everyLineIsJsonThroughDisconnectsAndShutdown() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    try {
      Map<String, String> env = TestService.env(database);
      env.put("INDIKATORVAKT_LOG_FORMAT", "json");
      try (ServiceProcess service = ServiceProcess.start("json-log", env)) {
        service.awaitReady(Duration.ofSeconds(90));
        for (int round = 1; round <= 2; round++) {
          terminateConnections(database);
          int reconnected = round;
          Http.await("the change feed back after disconnect " + round, Duration.ofSeconds(20),
              () -> uncheckedCount(service.log(), "Change feed reconnected") >= reconnected);
        }
        assertThat(service.stop()).as("clean exit on SIGTERM").isZero();
        List<JsonObject> events = events(service.log());
        assertThat(events).anySatisfy(event -> assertThat(event.getString("message")).startsWith("Change feed connection lost"));
        assertThat(events).anySatisfy(event -> assertThat(event.getString("message")).isEqualTo("Indikatorvakt stopped"));
        assertThat(events).as("no stack trace for a disconnect the service expects")
            .noneMatch(event -> event.containsKey("stack_trace") || "stderr".equals(event.getString("logger_name")));
      }
    } finally {
      TestDatabases.drop(database);
    }
  }

  @Test
  void aSecondServiceOnTheEmbeddedDefaultsPortIsRefusedWithOneJsonLine() throws Exception {
    Path work = Files.createDirectories(ServiceProcess.WORK);
    int port = ServiceProcess.freePort();
    Map<String, String> env = TestService.env(TestDatabases.server());
    env.remove("INDIKATORVAKT_DATABASE_URL");
    env.put("INDIKATORVAKT_LOG_FORMAT", "json");
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_PORT", Integer.toString(port));
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR", work.resolve("json-first-" + System.nanoTime()).toString());
    try (ServiceProcess first = ServiceProcess.start("embedded-first", env)) {
      first.awaitReady(Duration.ofSeconds(120));
      env.put("INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR", work.resolve("json-second-" + System.nanoTime()).toString());
      ServiceProcess second = ServiceProcess.start("embedded-second", env);
      assertThat(second.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
      List<JsonObject> errors = events(second.log()).stream()
          .filter(event -> event.getString("level").equals("ERROR")).toList();
      assertThat(errors).singleElement().satisfies(error -> {
        assertThat(error.getString("message")).contains("port " + port, "INDIKATORVAKT_DATABASE_EMBEDDED_PORT");
        assertThat(error.containsKey("stack_trace")).isFalse();
      });
      assertThat(first.ready()).as("the first service keeps its database").isTrue();
    }
  }

  private static long uncheckedCount(Path log, String text) {
    try {
      return Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
