package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import se.indikatorvakt.signing.SignedTokens;
import se.indikatorvakt.support.TestClock;

class AckLinksTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hmac-256";
  private final TestClock clock = TestClock.stoppedAt(Instant.parse("2022-05-02T08:00:00Z"));
  private final AckLinks links = new AckLinks("https://indikatorvakt.kalmar.example/", SECRET, Duration.ofDays(14),
      clock);

  @Test
  void linkPointsAtTheAcknowledgementPageOfItsAlert() {
    String url = links.url(42, "enhetschef@kalmar.example");
    assertThat(url).startsWith("https://indikatorvakt.kalmar.example/api/v1/alerts/42/acknowledge?token=");
    assertThat(url).matches(".*token=[0-9]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
  }

  @Test
  void tokenIdentifiesTheRecipientUntilItExpires() {
    String token = links.token(42, "enhetschef@kalmar.example");
    clock.advance(Duration.ofDays(14).minusSeconds(1));
    assertThat(links.verify(42, token)).isInstanceOfSatisfying(SignedTokens.Valid.class,
        valid -> assertThat(valid.recipient()).isEqualTo("enhetschef@kalmar.example"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(links.verify(42, token)).isEqualTo(new SignedTokens.Refused(true));
  }

  @Test
  void tokenOfOneAlertDoesNotAcknowledgeAnother() {
    String token = links.token(42, "enhetschef@kalmar.example");
    assertThat(links.verify(43, token)).isEqualTo(new SignedTokens.Refused(false));
  }

  @Test
  void changingTheRecipientOrTheExpiryBreaksTheSignature() {
    String[] parts = links.token(42, "enhetschef@kalmar.example").split("\\.");
    String otherRecipient = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("socialchef@kalmar.example".getBytes(StandardCharsets.UTF_8));
    assertThat(links.verify(42, parts[0] + "." + otherRecipient + "." + parts[2]))
        .isEqualTo(new SignedTokens.Refused(false));
    long later = Long.parseLong(parts[0]) + 86_400 * 365;
    assertThat(links.verify(42, later + "." + parts[1] + "." + parts[2])).isEqualTo(new SignedTokens.Refused(false));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefused() {
    AckLinks forger = new AckLinks("https://x.example", "another-secret-that-is-also-long-enough-xx", Duration.ofDays(14),
        clock);
    assertThat(links.verify(42, forger.token(42, "enhetschef@kalmar.example"))).isEqualTo(new SignedTokens.Refused(false));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "abc", "1.2.3", "99999999999999.ZW5oZXRzY2hlZg.AAAA", "1.%00.x", "..", "1..",
      "1746000000.ZW5oZXRzY2hlZkBrYWxtYXIuZXhhbXBsZQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void malformedTokensAreRefusedWithoutError(String token) {
    assertThat(links.verify(42, token)).isEqualTo(new SignedTokens.Refused(false));
  }
}
