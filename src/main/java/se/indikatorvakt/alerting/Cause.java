package se.indikatorvakt.alerting;

import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Why an audit event happened; stored as its code in {@code alert_event.cause}. */
public enum Cause implements Coded {
  /** A value breached its målvärde (inactive -> pending, or straight to firing when nothing more is required). */
  BREACH,
  /** breachPeriodsBeforeFiring consecutive breaching periods were reached. */
  BREACH_PERSISTED,
  /** A day-level breach lasted breachDurationBeforeFiring. */
  BREACH_LASTED,
  SEVERITY_ROSE,
  SEVERITY_FELL,
  /** A newer value is on the good side of the målvärde by at least the recovery margin. */
  RECOVERED,
  /** The breaching value itself was revised to one that does not breach. */
  REVISION,
  /**
   * The målvärden of the latest period changed (a new catalog version) and the stored value, judged again under
   * them, now breaches or no longer does: the alert opened, cleared or resolved because the target changed.
   */
  TARGET_CHANGED,
  /**
   * The latest period has no målvärde. Stored by earlier versions as a resolution; now the alert stays open and
   * the period is recorded as {@link #TARGET_MISSING}.
   */
  NO_TARGET,
  /** The latest period has no målvärde: it cannot be judged, which is not the same as met. */
  TARGET_MISSING,
  /** A queued email was not sent: its alert was silenced, acknowledged or closed before it went out. */
  NOTICE_OUTDATED,
  /** A pending breach cleared before it fired. */
  CLEARED,
  REPORT_MISSING,
  REPORTED,
  ESCALATION_DUE,
  REMINDER_DUE,
  /** A firing alert nobody was told about (it was silenced, or had no recipient) is announced now. */
  FIRST_NOTICE,
  ACKNOWLEDGED_BY_API,
  ACKNOWLEDGED_BY_LINK,
  SILENCE_CREATED,
  SILENCE_ENDED,
  SILENCE_EXPIRED;

  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Cause> fromCode(String code) {
    return Codes.find(Cause.class, code);
  }
}
