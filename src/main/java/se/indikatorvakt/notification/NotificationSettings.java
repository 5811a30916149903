package se.indikatorvakt.notification;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import se.indikatorvakt.config.SettingsReader;

/**
 * The notification section of application.yaml: how emails are grouped, capped, retried and linked.
 *
 * @param claimLease how long a claimed message stays with its instance beyond {@code smtp.sendTimeout}; after that
 *     another instance takes it over (the instance that claimed it was killed)
 * @param giveUpAfter a message not delivered this long after it was queued is dead even if the server was never
 *     reached (an unreachable server does not count towards {@code maxAttempts})
 */
public record NotificationSettings(
    Duration groupingWindow,
    int dailyCapPerRecipient,
    int digestHour,
    ZoneId timeZone,
    boolean sendResolved,
    int maxAttempts,
    Duration giveUpAfter,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    Duration claimLease,
    int maxConcurrentSends,
    Duration safetyNetInterval,
    int historyPeriods,
    String grafanaBaseUrl,
    Optional<Path> templateDir) {

  public static NotificationSettings from(SettingsReader in) {
    Duration initial = in.duration("notification.retry.initialBackoff", Duration.ofMillis(10));
    Duration max = in.duration("notification.retry.maxBackoff", Duration.ofMillis(10));
    if (max.compareTo(initial) < 0) {
      in.problem("notification.retry.maxBackoff", max + " is shorter than notification.retry.initialBackoff "
          + initial, null);
    }
    return new NotificationSettings(
        in.duration("notification.groupingWindow", Duration.ZERO),
        in.integer("notification.dailyCapPerRecipient", 1, 1_000_000),
        in.integer("notification.digestHour", 0, 23),
        zone(in, "notification.timeZone"),
        in.bool("notification.sendResolved"),
        in.integer("notification.maxAttempts", 1, 1000),
        in.duration("notification.giveUpAfter", Duration.ofMinutes(1)),
        initial,
        max,
        in.duration("notification.claimLease", Duration.ofSeconds(1)),
        in.integer("notification.maxConcurrentSends", 1, 256),
        in.duration("notification.safetyNetInterval", Duration.ofSeconds(1)),
        in.integer("notification.historyPeriods", 1, 36),
        in.string("notification.grafanaBaseUrl").trim().replaceAll("/+$", ""),
        in.optionalString("notification.templateDir").map(Path::of));
  }

  private static ZoneId zone(SettingsReader in, String path) {
    String raw = in.string(path).trim();
    try {
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      return in.problem(path, "'" + raw + "' is not a time zone such as Europe/Stockholm", ZoneId.of("UTC"));
    }
  }
}
