package se.indikatorvakt.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Manager;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * Who hears about a firing alert, and when again. Pure: the scheduler asks it about every firing, unacknowledged
 * alert that is due ({@link #due}, stored with each write of the alert), and does what it says inside a transaction
 * that holds the alert's row lock.
 *
 * <ul>
 *   <li>First notice: a firing alert nobody was told about (silenced when it fired, or no manager then) is announced
 *       once it may be: not silenced, its severity notifies, someone to address.</li>
 *   <li>Escalation: a critical alert unacknowledged for escalateAfter since the first notice (or since the last
 *       escalation) goes to the manager of the next unit up that has one on that day and is not the same person,
 *       up to the top of the tree; then only reminders.</li>
 *   <li>Reminder: a critical alert or missing report, unacknowledged, reminds the current recipient every
 *       reminderInterval after the last email. Warnings get no reminders: they were told once.</li>
 * </ul>
 * Acknowledged and silenced alerts get nothing. Managers are taken as valid on the day of the decision, so a new
 * manager gets the reminders of an alert their predecessor was told about.
 */
public final class EscalationPolicy {
  private EscalationPolicy() {}

  /**
   * An alert as the scheduler sees it.
   *
   * @param level index into the unit chain of the unit whose manager is addressed now (0 = the alert's own unit)
   * @param firstNotifiedAt when the first firing email was queued; empty when nobody was told yet
   */
  public record Situation(Severity severity, int level, Optional<Instant> firstNotifiedAt,
      Optional<Instant> escalatedAt, Optional<Instant> lastNotifiedAt, Set<Severity> notified, boolean acknowledged,
      boolean silenced) {}

  /** A person to email: a manager (or data owner) of the unit at {@code level} of the chain. */
  public record Addressee(int level, String unitId, String role, String email) {}

  public sealed interface Action permits Nothing, FirstNotice, Reminder, Escalation {}

  public record Nothing() implements Action {}

  public record FirstNotice(Addressee to) implements Action {}

  public record Reminder(Addressee to) implements Action {}

  /** @param after how long the alert had been firing unacknowledged since the first notice */
  public record Escalation(Addressee from, Addressee to, Duration after) implements Action {}

  /**
   * @param chain the alert's unit and its ancestors up to the root (Organisation.chainUpwards)
   * @param today the local date of {@code now}, which decides whose management is valid
   */
  public static Action decide(Situation alert, List<OrgUnit> chain, AlertingPolicy policy, LocalDate today,
      Instant now) {
    if (alert.acknowledged() || alert.silenced()) {
      return new Nothing();
    }
    Optional<Addressee> current = alert.severity() == Severity.MISSING_REPORT
        ? dataOwner(chain, today)
        : manager(chain, alert.level(), today);
    if (current.isEmpty()) {
      return new Nothing();
    }
    boolean wantsNotice = alert.severity() == Severity.MISSING_REPORT
        || AlertStateMachine.notifies(policy, alert.severity());
    if (wantsNotice && !alert.notified().contains(alert.severity())) {
      return new FirstNotice(current.get());
    }
    if (alert.severity() == Severity.CRITICAL && alert.firstNotifiedAt().isPresent()) {
      Instant since = alert.escalatedAt().orElse(alert.firstNotifiedAt().get());
      if (!now.isBefore(since.plus(policy.escalateAfter()))) {
        Optional<Addressee> next = above(chain, current.get(), today);
        if (next.isPresent()) {
          Duration after = Duration.between(alert.firstNotifiedAt().get(), now).truncatedTo(ChronoUnit.MINUTES);
          return new Escalation(current.get(), next.get(), after);
        }
      }
    }
    boolean reminds = alert.severity() == Severity.CRITICAL || alert.severity() == Severity.MISSING_REPORT;
    if (reminds && alert.lastNotifiedAt().filter(last -> !now.isBefore(last.plus(policy.reminderInterval())))
        .isPresent()) {
      return new Reminder(current.get());
    }
    return new Nothing();
  }

  /**
   * The earliest instant at which {@link #decide} could answer anything but {@link Nothing} for this firing alert
   * under the same policy and organisation, so that the scheduler reads an alert only from then on (V180): now while
   * a first notice is owed; the next escalation (when someone above is addressable today) or reminder; the next local
   * midnight while nobody is addressable, or while an escalation is due but nobody above is, because managers are
   * valid by day. Empty when nothing will come (acknowledged, or a warning told once). Silences are left out on
   * purpose: one can end at any moment, so an alert it holds back stays due and is looked at on every tick.
   *
   * @param now the instant the alert is written or looked at
   */
  public static Optional<Instant> due(Situation alert, List<OrgUnit> chain, AlertingPolicy policy, Instant now,
      ZoneId zone) {
    boolean missing = alert.severity() == Severity.MISSING_REPORT;
    boolean owed = (missing || AlertStateMachine.notifies(policy, alert.severity()))
        && !alert.notified().contains(alert.severity());
    boolean escalates = alert.severity() == Severity.CRITICAL && alert.firstNotifiedAt().isPresent();
    boolean reminds = (alert.severity() == Severity.CRITICAL || missing) && alert.lastNotifiedAt().isPresent();
    if (alert.acknowledged() || !(owed || escalates || reminds)) {
      return Optional.empty();
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
    Optional<Addressee> current = missing ? dataOwner(chain, today) : manager(chain, alert.level(), today);
    if (current.isEmpty()) {
      return Optional.of(tomorrow);
    }
    if (owed) {
      return Optional.of(now);
    }
    Optional<Instant> next = Optional.empty();
    if (escalates && someoneAboveOnOrAfter(chain, current.get(), today)) {
      Instant escalation = alert.escalatedAt().orElse(alert.firstNotifiedAt().get()).plus(policy.escalateAfter());
      boolean someoneAbove = above(chain, current.get(), today).isPresent();
      next = Optional.of(someoneAbove || escalation.isAfter(tomorrow) ? escalation : tomorrow);
    }
    if (reminds) {
      Instant reminder = alert.lastNotifiedAt().get().plus(policy.reminderInterval());
      next = Optional.of(next.filter(n -> n.isBefore(reminder)).orElse(reminder));
    }
    return next;
  }

  /** The manager of the unit at {@code fromLevel}, or if it has none that day, of the nearest unit above. */
  public static Optional<Addressee> manager(List<OrgUnit> chain, int fromLevel, LocalDate on) {
    for (int level = Math.max(0, fromLevel); level < chain.size(); level++) {
      OrgUnit unit = chain.get(level);
      Optional<Manager> manager = validManager(unit, on);
      if (manager.isPresent()) {
        return Optional.of(new Addressee(level, unit.id(), manager.get().role(), manager.get().email()));
      }
    }
    return Optional.empty();
  }

  /** Who answers for the unit's reporting: its data owner, else its manager, else a manager above. */
  public static Optional<Addressee> dataOwner(List<OrgUnit> chain, LocalDate on) {
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    OrgUnit unit = chain.get(0);
    return unit.dataOwner().filter(owner -> owner.isValidOn(on))
        .map(owner -> new Addressee(0, unit.id(), owner.role(), owner.email()))
        .or(() -> manager(chain, 0, on));
  }

  private static Optional<Addressee> above(List<OrgUnit> chain, Addressee current, LocalDate on) {
    Optional<Addressee> next = manager(chain, current.level() + 1, on);
    while (next.isPresent() && next.get().email().equalsIgnoreCase(current.email())) {
      next = manager(chain, next.get().level() + 1, on);
    }
    return next;
  }

  /** Whether a unit above has another manager valid on some day from {@code on}: else no escalation can come. */
  private static boolean someoneAboveOnOrAfter(List<OrgUnit> chain, Addressee current, LocalDate on) {
    return chain.subList(Math.min(current.level() + 1, chain.size()), chain.size()).stream()
        .flatMap(unit -> unit.managers().stream())
        .anyMatch(m -> m.validTo().map(last -> !last.isBefore(on)).orElse(true)
            && !m.email().equalsIgnoreCase(current.email()));
  }

  private static Optional<Manager> validManager(OrgUnit unit, LocalDate on) {
    return unit.managers().stream().filter(m -> m.isValidOn(on)).findFirst();
  }
}
