package se.indikatorvakt.alerting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.Gender;

/**
 * One alert episode as stored in table {@code alert}: read under its row lock, changed by the engine or the
 * scheduler, written back in the same transaction. Mutable on purpose: it is the unit of work of one transaction.
 */
final class AlertRow {
  static final String BREACH = "breach";
  static final String MISSING_REPORT = "missing-report";

  long id;
  String kind;
  String indicatorId;
  String orgUnitId;
  Optional<Gender> gender = Optional.empty();
  AlertState state;
  Severity severity;
  String period;
  LocalDate periodEnd;
  Double value;
  String result;
  String targetText;
  Double targetValue;
  Double warningValue;
  String trend;
  Long measurementId;
  String breachPeriod;
  int breachStreak;
  Instant openedAt;
  Instant fireAt;
  Instant firingSince;
  Instant closedAt;
  Instant updatedAt;
  Set<Severity> notified = EnumSet.noneOf(Severity.class);
  Instant firstNotifiedAt;
  String recipientEmail;
  String recipientRole;
  String recipientUnit;
  int escalationLevel;
  Instant escalatedAt;
  Instant lastNotifiedAt;
  int reminders;
  Instant acknowledgedAt;
  String acknowledgedBy;
  String acknowledgementComment;
  /** Everyone an alarm email was queued for, in order, each once. */
  List<EscalationPolicy.Addressee> told = new ArrayList<>();
  Instant settleUntil;

  boolean isNew() {
    return id == 0;
  }

  boolean acknowledged() {
    return acknowledgedAt != null;
  }

  SeriesKey series() {
    return new SeriesKey(indicatorId, orgUnitId, gender.orElse(Gender.T));
  }

  void close(AlertState to, Instant now) {
    state = to;
    closedAt = now;
    fireAt = null;
  }

  /** Records that a firing (or missing-report) email of this severity was queued for this person now. */
  void told(Severity about, EscalationPolicy.Addressee to, Instant now) {
    notified.add(about);
    if (firstNotifiedAt == null) {
      firstNotifiedAt = now;
    }
    notifiedBy(to, now);
  }

  /** Records that an email to this person was queued now. */
  void notifiedBy(EscalationPolicy.Addressee to, Instant now) {
    if (told.stream().noneMatch(t -> t.email().equalsIgnoreCase(to.email()))) {
      told.add(to);
    }
    recipientEmail = to.email();
    recipientRole = to.role();
    recipientUnit = to.unitId();
    escalationLevel = to.level();
    lastNotifiedAt = now;
  }
}
