package se.indikatorvakt.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import se.indikatorvakt.config.DatabaseUrl;

/**
 * One real PostgreSQL per test JVM (embedded, or the server in INDIKATORVAKT_TEST_DATABASE_URL),
 * and a fresh database with a random name for each test class, so that runs never see each other's data.
 */
public final class TestDatabases {
  private static DatabaseUrl server;
  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  public static synchronized DatabaseUrl server() {
    if (server == null) {
      String given = System.getenv("INDIKATORVAKT_TEST_DATABASE_URL");
      if (given != null && !given.isBlank()) {
        StringBuilder problem = new StringBuilder();
        server = DatabaseUrl.parse(given, problem)
            .orElseThrow(() -> new IllegalStateException("INDIKATORVAKT_TEST_DATABASE_URL " + problem));
      } else {
        server = startEmbedded();
      }
    }
    return server;
  }

  /** The embedded server, for tests that stop and start PostgreSQL; empty when tests use a given server. */
  public static synchronized java.util.Optional<EmbeddedPostgres> embedded() {
    server();
    return java.util.Optional.ofNullable(embedded);
  }

  public static DatabaseUrl create() {
    DatabaseUrl admin = server();
    String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    execute(admin, "CREATE DATABASE " + name);
    return new DatabaseUrl(admin.host(), admin.port(), name, admin.user(), admin.password());
  }

  public static void drop(DatabaseUrl database) {
    execute(server(), "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
  }

  private static void execute(DatabaseUrl on, String sql) {
    try (Connection connection = DriverManager.getConnection(on.jdbcUrl(), on.user(), on.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  private static DatabaseUrl startEmbedded() {
    try {
      Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"));
      Path dataDir = Files.createDirectories(work).resolve("pg-" + UUID.randomUUID());
      // Tests may run fast and lose data on a crash; benchmarks (-Pbench sets indikatorvakt.test.durable) measure
      // the server as the service runs its own: every commit flushed.
      String durable = Boolean.getBoolean("indikatorvakt.test.durable") ? "on" : "off";
      embedded = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(true)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", durable)
          .setServerConfig("full_page_writes", durable)
          .setServerConfig("synchronous_commit", durable)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // the JVM is exiting; the data folder is under target/
        }
      }));
      return new DatabaseUrl("127.0.0.1", embedded.getPort(), "postgres", "postgres", "postgres");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL for tests: " + e.getMessage(), e);
    }
  }
}
