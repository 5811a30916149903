package se.indikatorvakt.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.config.DatabaseUrl;

/**
 * The local default: a real PostgreSQL 16 started from the binaries in the jar, its data kept in a
 * folder so that it survives restarts. Blocking; callers run it on a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "indikatorvakt";

  private final EmbeddedPostgres postgres;
  private final DatabaseUrl url;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseUrl url) {
    this.postgres = postgres;
    this.url = url;
  }

  /** Starts PostgreSQL with its data in {@code dataDir}; {@code port} 0 picks a free port. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          statement.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    DatabaseUrl url = new DatabaseUrl("127.0.0.1", postgres.getPort(), DATABASE, "postgres", "postgres");
    LOG.info("Using the embedded PostgreSQL (local default, data in {}) at {}; set INDIKATORVAKT_DATABASE_URL "
        + "to use a server of your own", dataDir.toAbsolutePath(), url);
    return new EmbeddedDatabase(postgres, url);
  }

  public DatabaseUrl url() {
    return url;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
