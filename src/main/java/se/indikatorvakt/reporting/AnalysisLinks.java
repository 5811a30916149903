package se.indikatorvakt.reporting;

import java.net.URLEncoder;
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

/**
 * The "Skriv analys" link for one indicator, unit and period, made for the unit's manager:
 * {@code <base>/api/v1/analyses/page?kommun=&indicator=&orgUnit=&period=&token=}, where the token is
 * {@code <expiry epoch seconds>.<recipient, base64url>.<HMAC-SHA256, base64url>} over all of them. Whoever holds the
 * link may write that one analysis until it expires; the recipient is recorded as its author. The MAC input starts
 * with its own label, so an acknowledgement token made with the same secret is never a valid analysis token.
 */
public final class AnalysisLinks {
  private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{1,400})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String baseUrl;
  private final SecretKeySpec key;
  private final Duration validity;
  private final Clock clock;

  /** What an analysis is about. */
  public record Subject(String kommun, String indicator, String orgUnit, String period) {}

  public sealed interface Verdict permits Valid, Refused {}

  public record Valid(String recipient, Instant expires) implements Verdict {}

  /** @param expired the token was genuine but too old */
  public record Refused(boolean expired) implements Verdict {}

  public AnalysisLinks(String publicBaseUrl, String secret, Duration validity, Clock clock) {
    this.baseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.validity = validity;
    this.clock = clock;
  }

  /** The link for an email or the report draft; the recipient is the manager it is made for. */
  public String url(Subject subject, String recipientEmail) {
    return baseUrl + "/api/v1/analyses/page?kommun=" + encode(subject.kommun()) + "&indicator="
        + encode(subject.indicator()) + "&orgUnit=" + encode(subject.orgUnit()) + "&period=" + encode(subject.period())
        + "&token=" + token(subject, recipientEmail);
  }

  public String token(Subject subject, String recipientEmail) {
    long expires = clock.instant().plus(validity).getEpochSecond();
    return expires + "." + ENCODER.encodeToString(recipientEmail.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(mac(subject, recipientEmail, expires));
  }

  public Verdict verify(Subject subject, String token) {
    var match = token == null ? null : TOKEN.matcher(token);
    if (match == null || !match.matches()) {
      return new Refused(false);
    }
    long expires = Long.parseLong(match.group(1));
    Optional<String> recipient = decode(match.group(2)).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .filter(text -> !text.isBlank() && text.indexOf('\n') < 0);
    Optional<byte[]> given = decode(match.group(3));
    if (recipient.isEmpty() || given.isEmpty()
        || !MessageDigest.isEqual(mac(subject, recipient.get(), expires), given.get())) {
      return new Refused(false);
    }
    Instant expiry = Instant.ofEpochSecond(expires);
    if (!clock.instant().isBefore(expiry)) {
      return new Refused(true);
    }
    return new Valid(recipient.get(), expiry);
  }

  public Duration validity() {
    return validity;
  }

  private byte[] mac(Subject subject, String recipient, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      // newline-separated: no id, period or address contains one, so no two inputs give the same message
      String message = String.join("\n", "analysis", subject.kommun(), subject.indicator(), subject.orgUnit(),
          subject.period(), recipient, Long.toString(expires));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static Optional<byte[]> decode(String base64) {
    try {
      return Optional.of(Base64.getUrlDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
