package se.indikatorvakt.notification;

import java.util.Map;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.TestService;

/** Service settings of the notification tests: GreenMail on 127.0.0.1 without TLS, quick retries. */
final class NotificationEnv {
  static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  static final String FROM_NAME = "Indikatorvakt Socialförvaltningen";
  static final String FROM = "indikatorvakt@kalmar.example";
  static final String REPLY_TO = "socialforvaltningen@kalmar.example";
  static final int MAX_ATTEMPTS = 3;

  private NotificationEnv() {}

  static Map<String, String> withSmtp(DatabaseUrl database, int port) {
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_SMTP_HOST", "127.0.0.1");
    env.put("INDIKATORVAKT_SMTP_PORT", Integer.toString(port));
    env.put("INDIKATORVAKT_SMTP_SECURITY", "none");
    env.put("INDIKATORVAKT_SMTP_FROM", FROM_NAME + " <" + FROM + ">");
    env.put("INDIKATORVAKT_SMTP_REPLY_TO", "Socialförvaltningen Kalmar <" + REPLY_TO + ">");
    env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT3S");
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    env.put("INDIKATORVAKT_NOTIFICATION_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS));
    env.put("INDIKATORVAKT_NOTIFICATION_RETRY_INITIAL_BACKOFF", "PT0.1S");
    env.put("INDIKATORVAKT_NOTIFICATION_RETRY_MAX_BACKOFF", "PT0.5S");
    env.put("INDIKATORVAKT_NOTIFICATION_CLAIM_LEASE", "PT2S");
    env.put("INDIKATORVAKT_NOTIFICATION_SAFETY_NET_INTERVAL", "PT1S");
    env.put("INDIKATORVAKT_NOTIFICATION_GRAFANA_BASE_URL", "https://grafana.kalmar.example");
    return env;
  }
}
