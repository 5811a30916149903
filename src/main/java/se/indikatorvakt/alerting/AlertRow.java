package se.indikatorvakt.alerting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;

/**
 * One alert episode as stored in table {@code alert}: read under its row lock, changed by the engine or the
 * scheduler, written back in the same transaction. Mutable on purpose: it is the unit of work of one transaction.
 */
public final class AlertRow {
  public long id;
  public AlertKind kind;
  public String indicatorId;
  public String orgUnitId;
  public Optional<Gender> gender = Optional.empty();
  public AlertState state;
  public Severity severity;
  public String period;
  LocalDate periodEnd;
  public Double value;
  public Result result;
  public String targetText;
  public Double targetValue;
  public Double warningValue;
  public Trend trend;
  Long measurementId;
  String breachPeriod;
  public int breachStreak;
  public Instant openedAt;
  Instant fireAt;
  public Instant firingSince;
  public Instant closedAt;
  public Instant updatedAt;
  public Set<Severity> notified = EnumSet.noneOf(Severity.class);
  Instant firstNotifiedAt;
  public String recipientEmail;
  public String recipientRole;
  public String recipientUnit;
  public int escalationLevel;
  public Instant escalatedAt;
  public Instant lastNotifiedAt;
  public int reminders;
  public Instant acknowledgedAt;
  public String acknowledgedBy;
  public String acknowledgementComment;
  /** Everyone an alarm email was queued for, in order, each once. */
  public List<EscalationPolicy.Addressee> told = new ArrayList<>();
  public Instant settleUntil;
  /** When the scheduler may next have a notice to send, and the catalog version that was worked out under (V180). */
  Instant noticeDueAt;
  long noticeVersion;

  boolean isNew() {
    return id == 0;
  }

  public boolean acknowledged() {
    return acknowledgedAt != null;
  }

  /** The alert as EscalationPolicy sees it. */
  EscalationPolicy.Situation situation(boolean silenced) {
    return new EscalationPolicy.Situation(severity, escalationLevel, Optional.ofNullable(firstNotifiedAt),
        Optional.ofNullable(escalatedAt), Optional.ofNullable(lastNotifiedAt), notified, acknowledged(), silenced);
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
