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

  private ApiKeys() {}

  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String sha256(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
