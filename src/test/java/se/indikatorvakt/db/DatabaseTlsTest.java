package se.indikatorvakt.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestService;

/**
 * A PostgreSQL that accepts TLS connections only, as a hosted server does: the service reaches it through
 * INDIKATORVAKT_DATABASE_URL's sslmode and sslrootcert, for its schema migrations (JDBC) and its pool alike.
 */
class DatabaseTlsTest {
  private static Path folder;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startTlsOnlyServer() throws Exception {
    folder = Files.createDirectories(Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"))
        .resolve("tls-" + System.nanoTime()));
    writeSelfSignedCertificate(folder);
    Path hba = folder.resolve("pg_hba.conf");
    Files.writeString(hba, """
        local all all trust
        hostssl all all 127.0.0.1/32 trust
        host all all 127.0.0.1/32 reject
        """);
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(folder.resolve("data"))
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", folder.resolve("server.crt").toAbsolutePath().toString())
        .setServerConfig("ssl_key_file", folder.resolve("server.key").toAbsolutePath().toString())
        .setServerConfig("hba_file", hba.toAbsolutePath().toString())
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  /** A key and a certificate for localhost and 127.0.0.1, made now and valid for two days: its own CA. */
  private static void writeSelfSignedCertificate(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool made a key").isTrue();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) keys.getKey("server", "changeit".toCharArray());
    Certificate certificate = keys.getCertificate("server");
    Path keyFile = dir.resolve("server.key");
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static Map<String, String> env(String query) {
    Map<String, String> env = TestService.env(new DatabaseUrl("localhost", postgres.getPort(), "postgres", "postgres",
        "postgres"));
    env.put("INDIKATORVAKT_DATABASE_URL", env.get("INDIKATORVAKT_DATABASE_URL") + "?" + query);
    return env;
  }

  @Test
  void theServerRefusesConnectionsWithoutTls() {
    assertThatThrownBy(() -> {
      try (Connection plain = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort()
          + "/postgres?sslmode=disable", "postgres", "postgres")) {
        plain.isValid(1);
      }
    }).isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
  }

  @Test
  void theServiceMigratesAndServesOverVerifiedTls() throws Exception {
    Path ca = folder.resolve("server.crt").toAbsolutePath();
    try (TestService service = TestService.start(env("sslmode=verify-full&sslrootcert=" + ca))) {
      assertThat(new Http(service.managementPort()).get("/health/ready").status()).isEqualTo(200);
      try (Connection observer = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort()
              + "/postgres?sslmode=require", "postgres", "postgres");
          ResultSet rs = observer.createStatement().executeQuery("""
              SELECT count(*) FILTER (WHERE s.ssl) AS encrypted, count(*) AS connections
                FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
               WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()""")) {
        rs.next();
        assertThat(rs.getInt("connections")).as("the service's pool and change feed").isPositive();
        assertThat(rs.getInt("encrypted")).isEqualTo(rs.getInt("connections"));
      }
    }
  }
}
