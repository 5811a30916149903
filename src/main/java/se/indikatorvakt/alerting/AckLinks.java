package se.indikatorvakt.alerting;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.indikatorvakt.notification.AcknowledgementLinks;

/**
 * The acknowledgement link in an email: {@code <base>/api/v1/alerts/<id>/acknowledge?token=<token>}, where the
 * token is {@code <expiry epoch seconds>.<recipient, base64url>.<HMAC-SHA256, base64url>} over the alert id, the
 * recipient and the expiry. Whoever holds the email may acknowledge that one alert until the link expires; nobody
 * can make a link for another alert or extend one without the secret. The recipient in the token is the actor in
 * the audit trail.
 */
public final class AckLinks implements AcknowledgementLinks {
  private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{1,400})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String baseUrl;
  private final SecretKeySpec key;
  private final Duration validity;
  private final Clock clock;

  /** Why a token was refused, or whose it is. */
  public sealed interface Verdict permits Valid, Refused {}

  public record Valid(String recipient, Instant expires) implements Verdict {}

  /** @param expired true when the token was genuine but is too old (the page then says so) */
  public record Refused(boolean expired) implements Verdict {}

  public AckLinks(String publicBaseUrl, String secret, Duration validity, Clock clock) {
    this.baseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.validity = validity;
    this.clock = clock;
  }

  @Override
  public String url(long alertId, String recipientEmail) {
    return baseUrl + "/api/v1/alerts/" + alertId + "/acknowledge?token=" + token(alertId, recipientEmail);
  }

  public String token(long alertId, String recipientEmail) {
    long expires = clock.instant().plus(validity).getEpochSecond();
    return expires + "." + ENCODER.encodeToString(recipientEmail.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(mac(alertId, recipientEmail, expires));
  }

  public Verdict verify(long alertId, String token) {
    var match = token == null ? null : TOKEN.matcher(token);
    if (match == null || !match.matches()) {
      return new Refused(false);
    }
    long expires = Long.parseLong(match.group(1));
    Optional<String> recipient = decode(match.group(2));
    Optional<byte[]> given = decodeBytes(match.group(3));
    if (recipient.isEmpty() || given.isEmpty()
        || !MessageDigest.isEqual(mac(alertId, recipient.get(), expires), given.get())) {
      return new Refused(false);
    }
    Instant expiry = Instant.ofEpochSecond(expires);
    if (!clock.instant().isBefore(expiry)) {
      return new Refused(true);
    }
    return new Valid(recipient.get(), expiry);
  }

  private byte[] mac(long alertId, String recipient, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      // newline-separated: an email address cannot contain one, so no two inputs give the same message
      return mac.doFinal((alertId + "\n" + recipient + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static Optional<String> decode(String base64) {
    return decodeBytes(base64).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .filter(text -> !text.isBlank() && text.indexOf('\n') < 0);
  }

  private static Optional<byte[]> decodeBytes(String base64) {
    try {
      return Optional.of(Base64.getUrlDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
