package se.indikatorvakt.notification;

import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Why a manager is being emailed; each kind has its own wording in the templates. */
public enum NotificationKind implements Coded {
  FIRING, RESOLVED, REMINDER, ESCALATION, MISSING_REPORT,
  /** Someone took the alert ("jag hanterar detta"): told to everyone else who heard of it. */
  ACKNOWLEDGED,
  /** The latest period has no målvärde, so it cannot be judged: told to the manager and the catalog's owner. */
  TARGET_MISSING,
  /**
   * The kommun's målvärden that lapsed at the turn of the year, listed once a year to its catalog owner; about no
   * alert (alert id 0), always an email of its own.
   */
  YEARLY_TARGETS_MISSING;

  /**
   * The spelling in the outbox table and the API: firing, resolved, reminder, escalation, missing-report,
   * acknowledged, target-missing, yearly-targets-missing.
   */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<NotificationKind> fromCode(String code) {
    return Codes.find(NotificationKind.class, code);
  }
}
