package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.config.SettingsException;
import se.indikatorvakt.config.SettingsSource;
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
      "INDIKATORVAKT_HTTP_PROT|8081|INDIKATORVAKT_HTTP_PROT: no such setting",
  })
  void aBadSettingIsNamedWithWhatIsWrong(String variable, String value, String expected) {
    assertThatThrownBy(() -> Settings.load(env(variable, value)))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).problems()).singleElement().asString().startsWith(expected));
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
