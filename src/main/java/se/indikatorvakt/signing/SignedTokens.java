package se.indikatorvakt.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of the links in emails and reports: {@code <expiry epoch seconds>.<recipient, base64url>.<HMAC-SHA256,
 * base64url>} over what the link is for, the recipient and the expiry. Whoever holds the link may do that one thing
 * until it expires; nobody can make one for another subject or extend one without the secret. The recipient in the
 * token is the actor recorded for what the link does.
 */
public final class SignedTokens {
  private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{1,400})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final Duration validity;
  private final Clock clock;

  /** Why a token was refused, or whose it is. */
  public sealed interface Verdict permits Valid, Refused {}

  public record Valid(String recipient, Instant expires) implements Verdict {}

  /** @param expired true when the token was genuine but is too old (a page then says so) */
  public record Refused(boolean expired) implements Verdict {}

  public SignedTokens(String secret, Duration validity, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.validity = validity;
    this.clock = clock;
  }

  public Duration validity() {
    return validity;
  }

  /** @param subject what the link is for, each part free of newlines (ids, codes, periods) */
  public String issue(List<String> subject, String recipientEmail) {
    long expires = clock.instant().plus(validity).getEpochSecond();
    return expires + "." + ENCODER.encodeToString(recipientEmail.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(mac(subject, recipientEmail, expires));
  }

  public Verdict verify(List<String> subject, String token) {
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

  private byte[] mac(List<String> subject, String recipient, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      // newline-separated: no part and no email address contains one, so no two inputs give the same message
      List<String> parts = new ArrayList<>(subject);
      parts.add(recipient);
      parts.add(Long.toString(expires));
      return mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
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
}
