package se.indikatorvakt.notification;

import java.util.Locale;
import java.util.Optional;

/** Why a manager is being emailed; each kind has its own wording in the templates. */
public enum NotificationKind {
  FIRING, RESOLVED, REMINDER, ESCALATION, MISSING_REPORT;

  /** The spelling in the outbox table and the API: firing, resolved, reminder, escalation, missing-report. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<NotificationKind> fromCode(String code) {
    for (NotificationKind kind : values()) {
      if (kind.code().equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
