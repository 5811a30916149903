package se.indikatorvakt.alerting;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.evaluation.Result;

/**
 * A series as it stands after a write, which is all the state machine judges: its latest period, and for how many
 * consecutive reported periods (and, for day-level indicators, how many days) it has been breaching. A period that
 * was never reported neither breaks nor extends a streak: the missing report is an alert of its own.
 *
 * @param target the målvärde of the latest period, for the recovery margin
 * @param previousValue the value of the period before the latest, when it was written: the reference of a direction
 *     target without baseline
 * @param breachStreak consecutive breaching periods ending with the latest; 0 when the latest does not breach
 * @param breachSpan from the start of the streak's first period to the end of the latest one
 * @param metStreak consecutive uppfyllt periods ending with the latest; 0 when the latest is not uppfyllt
 * @param revised the latest period's value is a revision of one stored before
 */
public record Observation(Period latest, double value, Result result, Optional<Target> target,
    OptionalDouble previousValue, int breachStreak, Duration breachSpan, int metStreak, boolean revised) {

  public Observation(Period latest, double value, Result result, Optional<Target> target,
      OptionalDouble previousValue, int breachStreak, Duration breachSpan) {
    this(latest, value, result, target, previousValue, breachStreak, breachSpan,
        result == Result.UPPFYLLT ? 1 : 0, false);
  }

  /** One stored period of the series with its evaluated result. */
  public record PeriodResult(Period period, double value, Result result) {}

  /** @param newestFirst the series' latest periods as stored, newest first; not empty */
  public static Observation of(List<PeriodResult> newestFirst, Optional<Target> latestTarget,
      OptionalDouble previousValue) {
    return of(newestFirst, latestTarget, previousValue, false);
  }

  /** @param revised the latest period's value is a revision */
  public static Observation of(List<PeriodResult> newestFirst, Optional<Target> latestTarget,
      OptionalDouble previousValue, boolean revised) {
    PeriodResult latest = newestFirst.get(0);
    int streak = 0;
    while (streak < newestFirst.size() && Severity.of(newestFirst.get(streak).result()).isPresent()) {
      streak++;
    }
    Duration span = streak == 0 ? Duration.ZERO : Duration.ofDays(ChronoUnit.DAYS.between(
        newestFirst.get(streak - 1).period().start(), latest.period().endExclusive()));
    int met = 0;
    while (met < newestFirst.size() && newestFirst.get(met).result() == Result.UPPFYLLT) {
      met++;
    }
    return new Observation(latest.period(), latest.value(), latest.result(), latestTarget, previousValue, streak,
        span, met, revised);
  }

  public Optional<Severity> breach() {
    return Severity.of(result);
  }
}
