package se.indikatorvakt.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.TargetEvaluator;
import se.indikatorvakt.notification.NotificationKind;

/**
 * The lifecycle of one series (indicator, org unit, kön): given its open alert, if any, and how the series stands
 * now, what changes and which emails are wanted. Pure; silences and recipients are the caller's business.
 *
 * <pre>
 * from      condition (latest period of the series)                       to        cause              email
 * inactive  breaches, firing condition met                                firing    breach             firing*
 * inactive  breaches, firing condition not yet met                        pending   breach             -
 * pending   breaches, firing condition met                                firing    breach-persisted   firing*
 *                                                                                   / breach-lasted
 * pending   breaches, not yet                                             pending   (no event)         -
 * pending   does not breach                                               inactive  cleared / revision -
 * firing    breaches with the same severity                               firing    (no event)         -
 * firing    breaches with another severity                                firing    severity-rose/fell firing* (rise)
 * firing    the breaching period itself revised to a non-breaching value  resolved  revision           resolved**
 * firing    latest period has no målvärde                                 firing    target-missing     target-missing
 * firing    recovered by the margin for recoveryPeriods periods           resolved  recovered          resolved**
 * firing    newer period not breaching but inside the margin, or too few  firing    (no event)         -
 * inactive  latest period re-judged under changed målvärden, breaches    pending/firing  target-changed  firing*
 * pending   latest period re-judged under changed målvärden, no breach  inactive  target-changed     -
 * firing    latest period re-judged under changed målvärden, uppfyllt   resolved  target-changed     resolved**
 * </pre>
 * A re-judged period neither waits for the margin (the value did not move, the line did) nor settles.
 * Hysteresis without tuning: the recovery margin is the indicator's own, or else {@link RecoveryMargin}'s default
 * for its unit and target; periods shorter than a quarter must recover {@link #recoveryPeriods} times in a row. A
 * change of state caused by a revised period waits until {@link #SETTLING} has passed ({@code settleUntil}), then
 * the scheduler judges the period's newest value once: a source that re-posts a value on the line flips nothing.
 * Firing condition: breachPeriodsBeforeFiring consecutive breaching periods, and for day-level indicators also
 * breachDurationBeforeFiring, measured as the days the streak covers or the time the alert has been pending.
 * (*) only for critical, or for warnings when notifyWarnings; once per severity per alert.
 * (**) only when someone was told it fired. A resolved episode is closed: the next breach opens a new alert.
 */
public final class AlertStateMachine {
  /** How long a revised period settles before it changes an alert: revisions within it are judged together. */
  public static final Duration SETTLING = Duration.ofMinutes(30);

  private AlertStateMachine() {}

  /**
   * The series' open alert.
   *
   * @param openedAt when it became pending (or fired at once)
   * @param breachPeriod the latest period that breached, whose revision resolves without the margin
   * @param notified the severities a firing email was wanted for
   * @param settleUntil a change waiting for a revised period to settle is judged at this time
   */
  public record Open(AlertState state, Severity severity, Instant openedAt, Optional<String> breachPeriod,
      Set<Severity> notified, Optional<Instant> settleUntil) {

    public Open(AlertState state, Severity severity, Instant openedAt, Optional<String> breachPeriod,
        Set<Severity> notified) {
      this(state, severity, openedAt, breachPeriod, notified, Optional.empty());
    }
  }

  /** A state change, or a severity change while firing ({@code from == to}). */
  public record Transition(AlertState from, AlertState to, Severity severity, Optional<Severity> previousSeverity,
      Cause cause) {
    public boolean changesState() {
      return from != to;
    }
  }

  /**
   * The outcome.
   *
   * @param severity the alert's severity afterwards; empty when there is no alert
   * @param fireAt for a pending day-level alert: when it fires if the breach lasts
   * @param settleUntil the change this step held back for a revised period to settle is judged then
   * @param targetMissing the latest period has no målvärde: the alert stands, and the period is not judged
   */
  public record Step(AlertState state, Optional<Severity> severity, List<Transition> transitions,
      List<NotificationKind> notifications, Optional<Instant> fireAt, Optional<Instant> settleUntil,
      boolean targetMissing) {

    Step(AlertState state, Optional<Severity> severity, List<Transition> transitions,
        List<NotificationKind> notifications, Optional<Instant> fireAt) {
      this(state, severity, transitions, notifications, fireAt, Optional.empty(), false);
    }

    static Step nothing(AlertState state, Optional<Severity> severity) {
      return new Step(state, severity, List.of(), List.of(), Optional.empty());
    }

    boolean changesState() {
      return transitions.stream().anyMatch(Transition::changesState);
    }
  }

  /**
   * The step for the series as it stands; a change of state caused by a revised period is held back until the
   * settling time since the first such revision has passed, so that revisions in between are judged once.
   */
  public static Step next(Indicator indicator, Optional<Open> open, Observation series, Instant now) {
    Step judged = judge(indicator, open, series, now);
    Optional<Instant> settling = open.flatMap(Open::settleUntil);
    boolean settled = settling.filter(until -> !now.isBefore(until)).isPresent();
    if (!series.revised() || series.retargeted() || settled || !judged.changesState()) {
      return judged;
    }
    Instant until = settling.orElse(now.plus(SETTLING));
    if (open.isEmpty()) {
      Severity severity = judged.severity().orElseThrow();
      return new Step(AlertState.PENDING, Optional.of(severity),
          List.of(new Transition(AlertState.INACTIVE, AlertState.PENDING, severity, Optional.empty(), Cause.BREACH)),
          List.of(), Optional.empty(), Optional.of(until), false);
    }
    Open alert = open.get();
    return new Step(alert.state(), Optional.of(alert.severity()), List.of(), List.of(), Optional.empty(),
        Optional.of(until), false);
  }

  private static Step judge(Indicator indicator, Optional<Open> open, Observation series, Instant now) {
    AlertingPolicy policy = indicator.alerting();
    Optional<Severity> breach = series.breach();
    if (open.isEmpty()) {
      return breach.map(severity -> open(indicator, series, severity, now))
          .orElse(Step.nothing(AlertState.INACTIVE, Optional.empty()));
    }
    Open alert = open.get();
    if (alert.state() == AlertState.PENDING) {
      return breach.map(severity -> pending(indicator, alert, series, severity, now))
          .orElseGet(() -> new Step(AlertState.INACTIVE, Optional.of(alert.severity()),
              List.of(new Transition(AlertState.PENDING, AlertState.INACTIVE, alert.severity(), Optional.empty(),
                  series.retargeted() ? Cause.TARGET_CHANGED
                      : revisesBreach(alert, series) ? Cause.REVISION : Cause.CLEARED)),
              List.of(), Optional.empty()));
    }
    return breach.map(severity -> firing(policy, alert, severity))
        .orElseGet(() -> recovery(indicator, alert, series));
  }

  private static Step open(Indicator indicator, Observation series, Severity severity, Instant now) {
    Cause cause = series.retargeted() ? Cause.TARGET_CHANGED : Cause.BREACH;
    if (firingConditionMet(indicator, series, Optional.empty(), now)) {
      return fire(indicator.alerting(), AlertState.INACTIVE, severity, cause);
    }
    return new Step(AlertState.PENDING, Optional.of(severity),
        List.of(new Transition(AlertState.INACTIVE, AlertState.PENDING, severity, Optional.empty(), cause)),
        List.of(), fireAt(indicator, series, now));
  }

  private static Step pending(Indicator indicator, Open alert, Observation series, Severity severity, Instant now) {
    if (firingConditionMet(indicator, series, Optional.of(alert.openedAt()), now)) {
      boolean byPeriods = series.breachStreak() >= indicator.alerting().breachPeriodsBeforeFiring()
          && !needsDuration(indicator);
      return fire(indicator.alerting(), AlertState.PENDING, severity,
          byPeriods ? Cause.BREACH_PERSISTED : Cause.BREACH_LASTED);
    }
    return new Step(AlertState.PENDING, Optional.of(severity), List.of(), List.of(),
        fireAt(indicator, series, alert.openedAt()));
  }

  private static Step fire(AlertingPolicy policy, AlertState from, Severity severity, Cause cause) {
    List<NotificationKind> mail = notifies(policy, severity) ? List.of(NotificationKind.FIRING) : List.of();
    return new Step(AlertState.FIRING, Optional.of(severity),
        List.of(new Transition(from, AlertState.FIRING, severity, Optional.empty(), cause)), mail, Optional.empty());
  }

  private static Step firing(AlertingPolicy policy, Open alert, Severity severity) {
    if (severity == alert.severity()) {
      return Step.nothing(AlertState.FIRING, Optional.of(severity));
    }
    boolean rose = severity == Severity.CRITICAL;
    boolean mail = rose && notifies(policy, severity) && !alert.notified().contains(severity);
    return new Step(AlertState.FIRING, Optional.of(severity),
        List.of(new Transition(AlertState.FIRING, AlertState.FIRING, severity, Optional.of(alert.severity()),
            rose ? Cause.SEVERITY_ROSE : Cause.SEVERITY_FELL)),
        mail ? List.of(NotificationKind.FIRING) : List.of(), Optional.empty());
  }

  private static Step recovery(Indicator indicator, Open alert, Observation series) {
    Optional<Cause> cause;
    if (series.retargeted() && series.result() == Result.UPPFYLLT) {
      cause = Optional.of(Cause.TARGET_CHANGED);
    } else if (revisesBreach(alert, series)) {
      cause = Optional.of(Cause.REVISION);
    } else if (series.result() == Result.INGET_MAL || series.targets().isEmpty()) {
      return new Step(AlertState.FIRING, Optional.of(alert.severity()), List.of(),
          alert.notified().isEmpty() ? List.of() : List.of(NotificationKind.TARGET_MISSING), Optional.empty(),
          Optional.empty(), true);
    } else if (series.metStreak() >= recoveryPeriods(indicator.periodType())
        && TargetEvaluator.recoveredByEach(indicator, series.targets(), series.input(),
            target -> RecoveryMargin.of(indicator, target))) {
      cause = Optional.of(Cause.RECOVERED);
    } else {
      cause = Optional.empty();
    }
    return cause.map(why -> new Step(AlertState.RESOLVED, Optional.of(alert.severity()),
            List.of(new Transition(AlertState.FIRING, AlertState.RESOLVED, alert.severity(), Optional.empty(), why)),
            alert.notified().isEmpty() ? List.of() : List.of(NotificationKind.RESOLVED), Optional.empty()))
        .orElse(Step.nothing(AlertState.FIRING, Optional.of(alert.severity())));
  }

  /**
   * How many uppfyllt periods in a row resolve an alert: two for periods shorter than a quarter (a day or a month
   * on the good side is often noise), one otherwise (a tertial waits four months for its next value).
   */
  static int recoveryPeriods(PeriodType type) {
    return type == PeriodType.DAY || type == PeriodType.MONTH ? 2 : 1;
  }

  /** The value that made the alert breach was itself revised: the breach never was, so no margin applies. */
  private static boolean revisesBreach(Open alert, Observation series) {
    return alert.breachPeriod().filter(series.latest().notation()::equals).isPresent();
  }

  private static boolean firingConditionMet(Indicator indicator, Observation series, Optional<Instant> pendingSince,
      Instant now) {
    if (series.breachStreak() < indicator.alerting().breachPeriodsBeforeFiring()) {
      return false;
    }
    if (!needsDuration(indicator)) {
      return true;
    }
    Duration needed = indicator.alerting().breachDurationBeforeFiring();
    return series.breachSpan().compareTo(needed) >= 0
        || pendingSince.filter(since -> !since.plus(needed).isAfter(now)).isPresent();
  }

  private static boolean needsDuration(Indicator indicator) {
    return indicator.periodType() == PeriodType.DAY && !indicator.alerting().breachDurationBeforeFiring().isZero();
  }

  /**
   * When a pending breach fires by time alone: only when the duration is all it lacks. A streak that is still too
   * short waits for the next value, not for the clock.
   */
  private static Optional<Instant> fireAt(Indicator indicator, Observation series, Instant pendingSince) {
    return needsDuration(indicator) && series.breachStreak() >= indicator.alerting().breachPeriodsBeforeFiring()
        ? Optional.of(pendingSince.plus(indicator.alerting().breachDurationBeforeFiring()))
        : Optional.empty();
  }

  /** Whether a firing alert of this severity emails anyone (silences aside). */
  public static boolean notifies(AlertingPolicy policy, Severity severity) {
    return severity == Severity.CRITICAL || (severity == Severity.WARNING && policy.notifyWarnings());
  }
}
