package se.indikatorvakt.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys are 32 random bytes; only their SHA-256 is configured. A fast hash is enough because
 * the keys are random, not chosen by people: there is nothing to guess from a dictionary.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * One digest per thread: every request with a key is hashed, and looking SHA-256 up among the security providers
   * (a reflective construction each time) cost more than the hash itself. A digest resets after each use.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  });

  private ApiKeys() {}

  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String sha256(String key) {
    return HexFormat.of().formatHex(digest(key));
  }

  /** The SHA-256 of a key's UTF-8 bytes, as bytes: what a request's key is compared by. */
  static byte[] digest(String key) {
    return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Prints a new key and the line to put in application.yaml: {@code java -jar indikatorvakt.jar generate-key}. */
  public static void printNewKey(java.io.PrintStream out, String name) {
    String key = generate("iv");
    out.println("API key for '" + name + "' (give this to the source system; it is not stored anywhere):");
    out.println("  " + key);
    out.println("Its hash, for security.sourceKeys or security.adminKeys in config/application.yaml:");
    out.println("  sha256: " + sha256(key));
  }
}
