package se.indikatorvakt.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 *
 * <p>The library starts its servers with test settings (fsync off, asynchronous commit); this one holds
 * the data that 2xx answers promise, so it is made durable. And a server that another service already
 * runs on the port is never taken for this folder's own: the library would connect to it and this service
 * would write into another folder's database.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "indikatorvakt";
  static final String PORT_VARIABLE = "INDIKATORVAKT_DATABASE_EMBEDDED_PORT";

  private final EmbeddedPostgres postgres;
  private final DatabaseUrl url;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseUrl url) {
    this.postgres = postgres;
    this.url = url;
  }

  /** Starts PostgreSQL with its data in {@code dataDir}; {@code port} 0 picks a free port. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
    Files.createDirectories(dataDir);
    if (port > 0 && !free(port)) {
      throw new RefusedException("the embedded PostgreSQL cannot use port " + port + " for " + dataDir.toAbsolutePath()
          + ": the port is taken (another service's database?); set " + PORT_VARIABLE + " to a free port, or 0 for any");
    }
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    try {
      prepare(postgres, dataDir);
    } catch (RuntimeException | SQLException e) {
      postgres.close();
      throw e;
    }
    DatabaseUrl url = new DatabaseUrl("127.0.0.1", postgres.getPort(), DATABASE, "postgres", "postgres");
    LOG.info("Using the embedded PostgreSQL (local default, data in {}) at {}; set INDIKATORVAKT_DATABASE_URL "
        + "to use a server of your own", dataDir.toAbsolutePath(), url);
    return new EmbeddedDatabase(postgres, url);
  }

  private static void prepare(EmbeddedPostgres postgres, Path dataDir) throws IOException, SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SHOW data_directory")) {
        rs.next();
        Path serving = Path.of(rs.getString(1)).toRealPath();
        if (!serving.equals(dataDir.toRealPath())) {
          throw new RefusedException("port " + postgres.getPort() + " is served by the PostgreSQL of " + serving
              + ", not of " + dataDir.toAbsolutePath() + "; set " + PORT_VARIABLE + " to a free port, or 0 for any");
        }
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          statement.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  public DatabaseUrl url() {
    return url;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /** The embedded database will not start for a reason the operator fixes with a setting: one line says which. */
  public static final class RefusedException extends IllegalStateException {
    RefusedException(String message) {
      super(message);
    }
  }
}
