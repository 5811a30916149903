package se.indikatorvakt.alerting;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import se.indikatorvakt.notification.AcknowledgementLinks;
import se.indikatorvakt.signing.SignedTokens;

/**
 * The acknowledgement link in an email: {@code <base>/api/v1/alerts/<id>/acknowledge?token=<token>}, the token
 * signed over the alert id, the recipient and the expiry ({@link SignedTokens}). Whoever holds the email may
 * acknowledge that one alert until the link expires; the recipient in the token is the actor in the audit trail.
 */
public final class AckLinks implements AcknowledgementLinks {
  private final String baseUrl;
  private final SignedTokens tokens;

  public AckLinks(String publicBaseUrl, String secret, Duration validity, Clock clock) {
    this.baseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.tokens = new SignedTokens(secret, validity, clock);
  }

  @Override
  public String url(long alertId, String recipientEmail) {
    return baseUrl + "/api/v1/alerts/" + alertId + "/acknowledge?token=" + token(alertId, recipientEmail);
  }

  public String token(long alertId, String recipientEmail) {
    return tokens.issue(subject(alertId), recipientEmail);
  }

  public SignedTokens.Verdict verify(long alertId, String token) {
    return tokens.verify(subject(alertId), token);
  }

  /** The alert id alone: the message links sent before the signer was shared are still valid. */
  private static List<String> subject(long alertId) {
    return List.of(Long.toString(alertId));
  }
}
