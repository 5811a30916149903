package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.config.SettingsException;

class AlertingSettingsTest {
  private static final String STRONG = "k7QmV2x9Lw3pZr8Tn1Yb6Hc4Jd0Fs5Ga2Ue7Io9Pq3Xw";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void shippedDefaultsWorkForDevelopment() {
    AlertingSettings alerting = Settings.load(env()).alerting();
    assertThat(alerting.ackSecret()).isEqualTo(AlertingSettings.DEVELOPMENT_ACK_SECRET);
    assertThat(alerting.ackLinkValidity()).isEqualTo(Duration.ofDays(14));
    assertThat(alerting.schedulerInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(alerting.maxSilence()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void productionRefusesTheDocumentedAcknowledgementSecret() {
    SettingsException refused = catchThrowableOfType(() -> Settings.load(env("INDIKATORVAKT_PROFILE", "production")),
        SettingsException.class);
    assertThat(refused.problems()).anySatisfy(problem -> assertThat(problem)
        .contains("setting alerting.ackSecret").contains("INDIKATORVAKT_ALERTING_ACK_SECRET")
        .contains("production refuses"));

    SettingsException otherwise = catchThrowableOfType(() -> Settings.load(env("INDIKATORVAKT_PROFILE", "production",
        "INDIKATORVAKT_ALERTING_ACK_SECRET", STRONG)), SettingsException.class);
    assertThat(otherwise == null ? List.<String>of() : otherwise.problems())
        .as("a secret of its own is accepted").noneMatch(problem -> problem.contains("alerting.ackSecret"));
  }

  @Test
  void aShortSecretIsRefusedEvenInDevelopment() {
    SettingsException refused = catchThrowableOfType(() -> Settings.load(env(
        "INDIKATORVAKT_ALERTING_ACK_SECRET", "too-short")), SettingsException.class);
    assertThat(refused.problems()).anySatisfy(problem -> assertThat(problem)
        .contains("alerting.ackSecret").contains("at least 32 bytes"));
  }
}
