package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.config.SettingsException;
import se.indikatorvakt.config.SettingsSource;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.ingest.IngestSettings;
import se.indikatorvakt.notification.SmtpSettings;

class SettingsTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void productionRefusesBothDocumentedDevelopmentKeys() {
    assertThatThrownBy(() -> Settings.load(env("INDIKATORVAKT_PROFILE", "production")))
        .isInstanceOfSatisfying(SettingsException.class, refused -> assertThat(refused.problems())
            .anySatisfy(problem -> assertThat(problem).contains("security.sourceKeys")
                .contains("documented development key"))
            .anySatisfy(problem -> assertThat(problem).contains("security.adminKeys")
                .contains("documented development key")));
  }

  @Test
  void shippedDefaultsStartTheLocalEmbeddedSetup() {
    Settings settings = Settings.load(env());
    assertThat(settings.http().port()).isEqualTo(8080);
    assertThat(settings.management().port()).isEqualTo(9090);
    assertThat(settings.database().url()).isEmpty();
    assertThat(settings.smtp().host()).isEmpty();
    assertThat(settings.profile()).isEqualTo(Settings.Profile.DEVELOPMENT);
    // one shared ingest transaction at a time, and after its commit the next gathers its callers' next requests
    assertThat(settings.ingest().transactionsInFlight(settings.database().poolSize())).isEqualTo(1);
    assertThat(settings.ingest().gatherWindow()).isEqualTo(Duration.ofMillis(2));
  }

  @ParameterizedTest(name = "{0} concurrent transactions over {1} connections: {2} in flight")
  @CsvSource({"2, 8, 2", "8, 8, 4", "1, 8, 1", "2, 3, 1", "2, 1, 1"})
  void ingestTransactionsInFlightLeaveHalfThePoolToEverythingElse(int concurrent, int connections, int inFlight) {
    assertThat(new IngestSettings(true, 64, concurrent, Duration.ofMillis(2)).transactionsInFlight(connections)).isEqualTo(inFlight);
  }

  @Test
  void environmentVariablesOverrideEverySettingByItsPath() {
    Settings settings = Settings.load(env(
        "INDIKATORVAKT_HTTP_PORT", "18080",
        "INDIKATORVAKT_MANAGEMENT_PORT", "19090",
        "INDIKATORVAKT_DATABASE_URL", "postgresql://app:s%40cret@db.internal:6432/indikatorer",
        "INDIKATORVAKT_SMTP_HOST", "smtp.kommun.example",
        "INDIKATORVAKT_SMTP_PORT", "2525",
        "INDIKATORVAKT_HTTP_BODY_LIMIT_BYTES", "65536",
        "INDIKATORVAKT_LOG_FORMAT", "json"));
    assertThat(settings.http().port()).isEqualTo(18080);
    assertThat(settings.management().port()).isEqualTo(19090);
    assertThat(settings.database().url()).contains(new DatabaseUrl("db.internal", 6432, "indikatorer", "app", "s@cret"));
    assertThat(settings.smtp().host()).contains("smtp.kommun.example");
    assertThat(settings.smtp().port()).isEqualTo(2525);
    assertThat(settings.http().bodyLimitBytes()).isEqualTo(65536);
    assertThat(settings.logFormat()).isEqualTo(Settings.LogFormat.JSON);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "INDIKATORVAKT_HTTP_PORT|abc|setting http.port (INDIKATORVAKT_HTTP_PORT): 'abc' is not a whole number",
      "INDIKATORVAKT_MANAGEMENT_PORT|70000|setting management.port (INDIKATORVAKT_MANAGEMENT_PORT): 70000 is outside 0..65535",
      "INDIKATORVAKT_DATABASE_URL|mysql://x@y/z|setting database.url (INDIKATORVAKT_DATABASE_URL): must start with postgresql://",
      "INDIKATORVAKT_DATABASE_URL|postgresql://user:pw@host|setting database.url (INDIKATORVAKT_DATABASE_URL): must name one database",
      "INDIKATORVAKT_SMTP_SECURITY|ssl|setting smtp.security (INDIKATORVAKT_SMTP_SECURITY): 'ssl' is not one of starttls, tls, none",
      "INDIKATORVAKT_SMTP_SEND_TIMEOUT|10s|setting smtp.sendTimeout (INDIKATORVAKT_SMTP_SEND_TIMEOUT): '10s' is not an ISO-8601 duration",
      "INDIKATORVAKT_INGEST_GATHER_WINDOW|PT0.0005S|setting ingest.gatherWindow (INDIKATORVAKT_INGEST_GATHER_WINDOW): PT0.0005S is not a whole number of milliseconds",
      "INDIKATORVAKT_INGEST_GATHER_WINDOW|PT0.0025S|setting ingest.gatherWindow (INDIKATORVAKT_INGEST_GATHER_WINDOW): PT0.0025S is not a whole number of milliseconds",
      "INDIKATORVAKT_INGEST_GATHER_WINDOW|PT2S|setting ingest.gatherWindow (INDIKATORVAKT_INGEST_GATHER_WINDOW): PT2S is longer than PT0.1S",
      "INDIKATORVAKT_HTTP_PROT|8081|INDIKATORVAKT_HTTP_PROT: no such setting",
      "INDIKATORVAKT_DATABASE_URL|postgresql://app:pw@db:99999/x|setting database.url (INDIKATORVAKT_DATABASE_URL): port '99999' is not a port number 1..65535",
      "INDIKATORVAKT_DATABASE_URL|postgresql://app:pw@db:notaport/x|setting database.url (INDIKATORVAKT_DATABASE_URL): port 'notaport' is not a port number 1..65535",
      "INDIKATORVAKT_DATABASE_URL|postgresql://app:pw@db:-1/x|setting database.url (INDIKATORVAKT_DATABASE_URL): port '-1' is not a port number 1..65535",
      "INDIKATORVAKT_DATABASE_URL|postgresql://app:pw@db:0/x|setting database.url (INDIKATORVAKT_DATABASE_URL): port '0' is not a port number 1..65535",
      "INDIKATORVAKT_DATABASE_URL|postgresql://db/x?sslmode=on|setting database.url (INDIKATORVAKT_DATABASE_URL): sslmode 'on' is not one of disable, allow, prefer, require, verify-ca, verify-full",
      "INDIKATORVAKT_DATABASE_URL|postgresql://db/x?sslmode=verify-full|setting database.url (INDIKATORVAKT_DATABASE_URL): sslmode verify-full needs sslrootcert",
      "INDIKATORVAKT_DATABASE_URL|postgresql://db/x?sslmode=require&sslrootcert=/no/such/ca.pem|setting database.url (INDIKATORVAKT_DATABASE_URL): sslrootcert '/no/such/ca.pem' is not a readable file",
      "INDIKATORVAKT_DATABASE_URL|postgresql://db/x?connect_timeout=5|setting database.url (INDIKATORVAKT_DATABASE_URL): parameter 'connect_timeout' is not supported",
  })
  void aBadSettingIsNamedWithWhatIsWrong(String variable, String value, String expected) {
    assertThatThrownBy(() -> Settings.load(env(variable, value)))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).problems()).singleElement().asString().startsWith(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "disable||DISABLE|",
      "prefer||PREFER|sslmode=prefer",
      "require||REQUIRE|sslmode=require",
      "require|ca|VERIFY_CA|sslmode=require&sslrootcert=",
      "verify-ca|ca|VERIFY_CA|sslmode=verify-ca&sslrootcert=",
      "verify-full|ca|VERIFY_FULL|sslmode=verify-full&sslrootcert=",
  })
  void sslParametersReachBothTheReactiveClientAndJdbc(String sslmode, String ca, String reactive, String jdbc)
      throws Exception {
    Path caFile = Files.createTempFile("ca", ".pem");
    String url = "postgresql://app:pw@db.internal:6432/indikatorer?sslmode=" + sslmode
        + (ca == null ? "" : "&sslrootcert=" + caFile);
    DatabaseUrl parsed = Settings.load(env("INDIKATORVAKT_DATABASE_URL", url)).database().url().orElseThrow();
    PgConnectOptions options =
        DatabasePool.connectOptions(parsed, Settings.load(env()).database());
    assertThat(options.getSslMode()).hasToString(reactive);
    if (ca != null) {
      assertThat(((PemTrustOptions) options.getSslOptions().getTrustOptions()).getCertPaths())
          .containsExactly(caFile.toString());
    }
    if (!sslmode.equals("disable")) {
      assertThat(options.getSslOptions().getHostnameVerificationAlgorithm())
          .isEqualTo(sslmode.equals("verify-full") ? "HTTPS" : "");
      assertThat(options.getSslOptions().isTrustAll()).isEqualTo(ca == null);
    }
    assertThat(parsed.jdbcUrl()).startsWith("jdbc:postgresql://db.internal:6432/indikatorer")
        .contains(jdbc == null ? "sslmode=disable" : jdbc);
    assertThat(parsed.toString()).doesNotContain("pw");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "INDIKATORVAKT_SMTP_HOST||setting smtp.host (INDIKATORVAKT_SMTP_HOST): is empty; profile production refuses it",
      "INDIKATORVAKT_HTTP_PUBLIC_BASE_URL|http://localhost:8080|setting http.publicBaseUrl (INDIKATORVAKT_HTTP_PUBLIC_BASE_URL): 'http://localhost:8080' is this machine; profile production refuses it",
      "INDIKATORVAKT_HTTP_PUBLIC_BASE_URL|http://127.0.0.1:8080|setting http.publicBaseUrl (INDIKATORVAKT_HTTP_PUBLIC_BASE_URL): 'http://127.0.0.1:8080' is this machine",
      "INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL|http://localhost:3000|setting notification.grafanaBaseUrl (INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL): 'http://localhost:3000' is this machine; profile production refuses it",
      "INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL|http://[::1]:3000|setting notification.grafanaBaseUrl (INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL): 'http://[::1]:3000' is this machine",
  })
  void productionRefusesEachSettingThatWouldLetEmailsGoNowhere(String variable, String value, String expected) {
    Map<String, String> env = productionReady();
    env.put(variable, value == null ? "" : value);
    assertThatThrownBy(() -> Settings.load(env))
        .isInstanceOfSatisfying(SettingsException.class, refused -> assertThat(refused.problems())
            .singleElement().asString().startsWith(expected).doesNotContain("\n"));
  }

  @Test
  void productionStartsWithAMailServerAndPublicLinks() {
    Settings settings = Settings.load(productionReady());
    assertThat(settings.profile()).isEqualTo(Settings.Profile.PRODUCTION);
    assertThat(settings.smtp().host()).contains("smtp.kommun.example");
  }

  @Test
  void developmentStillWritesEmailsToFilesWithLocalLinks() {
    Settings settings = Settings.load(env());
    assertThat(settings.smtp().host()).isEmpty();
    assertThat(settings.http().publicBaseUrl()).isEqualTo("http://localhost:8080");
  }

  /** Everything production needs, so that each test takes away one thing. */
  private static Map<String, String> productionReady() {
    return env(
        "INDIKATORVAKT_PROFILE", "production",
        "INDIKATORVAKT_SECURITY_SOURCE_KEYS", "[]",
        "INDIKATORVAKT_SECURITY_ADMIN_KEYS", "[]",
        "INDIKATORVAKT_ALERTING_ACK_SECRET", "a-secret-of-our-own-that-is-long-enough-1234567890",
        "INDIKATORVAKT_SMTP_HOST", "smtp.kommun.example",
        "INDIKATORVAKT_HTTP_PUBLIC_BASE_URL", "https://indikatorvakt.kommun.example",
        "INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL", "https://grafana.kommun.example");
  }

  @Test
  void aMalformedDatabaseUrlNeverEchoesThePassword() {
    assertThatThrownBy(() -> Settings.load(env("INDIKATORVAKT_DATABASE_URL", "mysql://app:topsecret@db/x")))
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> Settings.load(env("INDIKATORVAKT_HTTP_PORT", "abc", "INDIKATORVAKT_LOG_FORMAT", "xml")))
        .satisfies(e -> assertThat(((SettingsException) e).problems()).hasSize(2));
  }

  @Test
  void envNameIsThePathInUpperSnakeCase() {
    assertThat(SettingsSource.envName("http.bodyLimitBytes")).isEqualTo("INDIKATORVAKT_HTTP_BODY_LIMIT_BYTES");
    assertThat(SettingsSource.envName("database.embedded.dataDir")).isEqualTo("INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR");
  }
}
