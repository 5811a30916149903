package se.indikatorvakt.alerting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.config.SettingsReader;

/**
 * The alerting section of application.yaml: the policy every indicator starts from, the key and lifetime of the
 * acknowledgement links in emails, how often the scheduler looks for due work, and the longest silence allowed.
 */
public record AlertingSettings(AlertingPolicy defaults, String ackSecret, Duration ackLinkValidity,
    Duration schedulerInterval, Duration maxSilence) {

  /** The documented development secret; anyone can forge links with it, so profile production refuses it. */
  public static final String DEVELOPMENT_ACK_SECRET = "dev-indikatorvakt-ack-secret-not-for-production";
  static final int MIN_SECRET_BYTES = 32;

  public static AlertingSettings from(SettingsReader in) {
    AlertingPolicy defaults = new AlertingPolicy(
        in.integer("alerting.breachPeriodsBeforeFiring", 1, 100),
        in.duration("alerting.breachDurationBeforeFiring", Duration.ZERO),
        in.decimal("alerting.recoveryMargin", 0, Double.MAX_VALUE),
        in.bool("alerting.notifyWarnings"),
        in.duration("alerting.escalateAfter", Duration.ofMinutes(1)),
        in.duration("alerting.reminderInterval", Duration.ofMinutes(1)),
        in.duration("alerting.reportingGrace", Duration.ZERO));
    String secret = in.string("alerting.ackSecret").trim();
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      in.problem("alerting.ackSecret", "must be at least " + MIN_SECRET_BYTES + " bytes long (e.g. the output of "
          + "'openssl rand -base64 48')", null);
    }
    // read here rather than passed in, so that the section stays self-contained like the others
    boolean production = "production".equals(in.string("profile").trim());
    if (production && secret.equals(DEVELOPMENT_ACK_SECRET)) {
      in.problem("alerting.ackSecret", "the documented development secret is configured; profile production refuses "
          + "it because anyone could forge acknowledgement links: set INDIKATORVAKT_ALERTING_ACK_SECRET", null);
    }
    Duration validity = in.duration("alerting.ackLinkValidity", Duration.ofMinutes(1));
    Duration interval = in.duration("alerting.schedulerInterval", Duration.ofMillis(10));
    Duration maxSilence = in.duration("alerting.maxSilence", Duration.ofMinutes(1));
    return new AlertingSettings(defaults, secret, validity, interval, maxSilence);
  }
}
