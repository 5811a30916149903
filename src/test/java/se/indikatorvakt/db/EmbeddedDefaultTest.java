package se.indikatorvakt.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** The service's own local database, as an operator gets it without INDIKATORVAKT_DATABASE_URL. */
class EmbeddedDefaultTest {
  private static final Path WORK = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"));
  private static TestService first;
  private static DatabaseUrl firstDatabase;
  private static Path firstFolder;

  @BeforeAll
  static void startFirst() throws Exception {
    firstFolder = folder("first");
    first = TestService.start(embeddedEnv(firstFolder, 0));
    firstDatabase = first.app().embeddedDatabase().orElseThrow();
  }

  @AfterAll
  static void stop() {
    first.close();
  }

  private static Path folder(String name) throws Exception {
    return Files.createDirectories(WORK).resolve("embedded-" + name + "-" + System.nanoTime());
  }

  private static Map<String, String> embeddedEnv(Path dataDir, int port) {
    Map<String, String> env = new LinkedHashMap<>(TestService.env(TestDatabases.server()));
    env.remove("INDIKATORVAKT_DATABASE_URL");
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR", dataDir.toString());
    env.put("INDIKATORVAKT_DATABASE_EMBEDDED_PORT", Integer.toString(port));
    return env;
  }

  private static Map<String, String> settings(DatabaseUrl database, String... names) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      for (String name : names) {
        try (ResultSet rs = statement.executeQuery("SELECT setting FROM pg_settings WHERE name = '" + name + "'")) {
          rs.next();
          values.put(name, rs.getString(1));
        }
      }
      try (ResultSet rs = statement.executeQuery("SHOW data_directory")) {
        rs.next();
        values.put("data_directory", Path.of(rs.getString(1)).toRealPath().toString());
      }
    }
    return values;
  }

  @Test
  void theLocalDatabaseWritesEveryCommitToDiskBeforeTheAnswer() throws Exception {
    assertThat(settings(firstDatabase, "fsync", "synchronous_commit", "full_page_writes"))
        .containsEntry("fsync", "on")
        .containsEntry("synchronous_commit", "on")
        .containsEntry("full_page_writes", "on");
  }

  @Test
  void aSecondServiceOnTheSamePortIsRefusedWithOneLineNamingThePortAndItsSetting() throws Exception {
    Path second = folder("second");
    assertThatThrownBy(() -> TestService.start(embeddedEnv(second, firstDatabase.port())))
        .hasStackTraceContaining("port " + firstDatabase.port())
        .hasStackTraceContaining("INDIKATORVAKT_DATABASE_EMBEDDED_PORT")
        .satisfies(e -> assertThat(refusal(e).getMessage()).doesNotContain("\n"));
    assertThat(settings(firstDatabase).get("data_directory")).isEqualTo(firstFolder.toRealPath().toString());
  }

  @Test
  void aSecondServiceInAnotherFolderGetsADatabaseOfItsOwn() throws Exception {
    Path secondFolder = folder("own");
    try (TestService second = TestService.start(embeddedEnv(secondFolder, 0))) {
      DatabaseUrl secondDatabase = second.app().embeddedDatabase().orElseThrow();
      assertThat(secondDatabase.port()).isNotEqualTo(firstDatabase.port());
      assertThat(settings(secondDatabase).get("data_directory")).isEqualTo(secondFolder.toRealPath().toString());
      assertThat(settings(firstDatabase).get("data_directory")).isNotEqualTo(secondFolder.toRealPath().toString());
    }
  }

  private static Throwable refusal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof EmbeddedDatabase.RefusedException) {
        return t;
      }
    }
    throw new AssertionError("no refusal in " + error);
  }
}
