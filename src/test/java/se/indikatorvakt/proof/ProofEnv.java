package se.indikatorvakt.proof;

import java.util.Map;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.TestService;

/** Settings shared by the proof tests: their own catalog, and a rate limit that load cannot reach. */
public final class ProofEnv {
  public static final String SOURCE_KEY = "dev-indikatorvakt-local-key";
  public static final String ADMIN_KEY = "dev-indikatorvakt-admin-key";
  public static final String BEARER = "Bearer " + SOURCE_KEY;

  private ProofEnv() {}

  public static Map<String, String> env(DatabaseUrl database, ProofCatalog catalog) {
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", catalog.dir().toString());
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
    return env;
  }

  /** notification.maxAttempts in the proof tests: few, so that dead letters come quickly. */
  public static final int MAX_ATTEMPTS = 5;

  /**
   * Mail to an SMTP server on 127.0.0.1 without TLS, each alert its own email at once, short
   * retries and lease, and no daily cap in the way of counting.
   */
  public static Map<String, String> withSmtp(Map<String, String> env, int port) {
    env.put("INDIKATORVAKT_SMTP_HOST", "127.0.0.1");
    env.put("INDIKATORVAKT_SMTP_PORT", Integer.toString(port));
    env.put("INDIKATORVAKT_SMTP_SECURITY", "none");
    env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT3S");
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    env.put("INDIKATORVAKT_NOTIFICATION_DAILY_CAP_PER_RECIPIENT", "1000000");
    env.put("INDIKATORVAKT_NOTIFICATION_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS));
    env.put("INDIKATORVAKT_NOTIFICATION_RETRY_INITIAL_BACKOFF", "PT0.2S");
    env.put("INDIKATORVAKT_NOTIFICATION_RETRY_MAX_BACKOFF", "PT1S");
    env.put("INDIKATORVAKT_NOTIFICATION_CLAIM_LEASE", "PT2S");
    env.put("INDIKATORVAKT_NOTIFICATION_SAFETY_NET_INTERVAL", "PT1S");
    return env;
  }

  public static String databaseUrl(DatabaseUrl database) {
    return "postgresql://" + database.user() + ":" + database.password() + "@" + database.host() + ":"
        + database.port() + "/" + database.database();
  }
}
