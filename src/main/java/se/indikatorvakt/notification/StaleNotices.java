package se.indikatorvakt.notification;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a claimed outbox row still says something true. Pure. An alarm (firing, reminder, escalation, missing
 * report) is dropped when its alert was closed, acknowledged or silenced since it was queued: it would ask for an
 * action nobody needs to take. A resolution or acknowledgement notice is dropped for a recipient who never received
 * an alarm about that alert (the alarm itself was dropped, or was never sent): it would answer a question nobody
 * asked. A notice about an alert that is not in the alert table is sent as queued.
 */
final class StaleNotices {
  static final Set<NotificationKind> ALARMS = EnumSet.of(NotificationKind.FIRING, NotificationKind.REMINDER,
      NotificationKind.ESCALATION, NotificationKind.MISSING_REPORT);
  private static final Set<NotificationKind> ENDINGS = EnumSet.of(NotificationKind.RESOLVED,
      NotificationKind.ACKNOWLEDGED);

  private StaleNotices() {}

  /**
   * @param alert the alert as it stands now, when it exists
   * @param recipientWasSentAnAlarm an alarm email about this alert has gone out to this recipient
   */
  static Optional<DropReason> reason(NotificationKind kind, Optional<CurrentAlert> alert,
      boolean recipientWasSentAnAlarm) {
    if (alert.isEmpty()) {
      return Optional.empty();
    }
    CurrentAlert now = alert.get();
    if (ALARMS.contains(kind)) {
      if (!now.open()) {
        return Optional.of(DropReason.CLOSED);
      }
      if (now.acknowledged()) {
        return Optional.of(DropReason.ACKNOWLEDGED);
      }
      if (now.silencedUntil().isPresent()) {
        return Optional.of(DropReason.SILENCED);
      }
      return Optional.empty();
    }
    if (ENDINGS.contains(kind) && !recipientWasSentAnAlarm) {
      return Optional.of(DropReason.NOT_TOLD);
    }
    return Optional.empty();
  }
}
