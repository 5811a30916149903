package se.indikatorvakt.alerting;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.evaluation.EvaluationInput;
import se.indikatorvakt.evaluation.Result;

/**
 * A series as it stands after a write, which is all the state machine judges: its latest period, and for how many
 * consecutive reported periods (and, for day-level indicators, how many days) it has been breaching. A period that
 * was never reported neither breaks nor extends a streak: the missing report is an alert of its own.
 *
 * @param targets every målvärde of the latest period, judged together for the recovery margin
 * @param previousValue the value of the period before the latest, when it was written: the reference of a direction
 *     target without baseline
 * @param samePeriodLastYear the series' value for the same period a year earlier, when it is among the periods read
 * @param breachStreak consecutive breaching periods ending with the latest; 0 when the latest does not breach
 * @param breachSpan from the start of the streak's first period to the end of the latest one
 * @param metStreak consecutive uppfyllt periods ending with the latest; 0 when the latest is not uppfyllt
 * @param revised the latest period's value is a revision of one stored before
 * @param retargeted the latest period's stored value was judged again because its målvärden changed
 */
public record Observation(Period latest, double value, Result result, List<Target> targets,
    OptionalDouble previousValue, OptionalDouble samePeriodLastYear, int breachStreak, Duration breachSpan,
    int metStreak, boolean revised, boolean retargeted) {

  public Observation {
    targets = List.copyOf(targets);
  }

  public Observation(Period latest, double value, Result result, Optional<Target> target,
      OptionalDouble previousValue, int breachStreak, Duration breachSpan) {
    this(latest, value, result, target.stream().toList(), previousValue, OptionalDouble.empty(), breachStreak,
        breachSpan, result == Result.UPPFYLLT ? 1 : 0, false, false);
  }

  /** One stored period of the series with its evaluated result. */
  public record PeriodResult(Period period, double value, Result result) {}

  /**
   * @param newestFirst the series' latest periods as stored, newest first; not empty
   * @param latestTargets the målvärden of the latest period
   * @param revised the latest period's value is a revision
   * @param retargeted the latest period was judged again under changed målvärden
   */
  public static Observation of(List<PeriodResult> newestFirst, List<Target> latestTargets,
      OptionalDouble previousValue, boolean revised, boolean retargeted) {
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
    Period lastYear = latest.period().samePeriodLastYear();
    OptionalDouble yearEarlier = newestFirst.stream().filter(p -> p.period().equals(lastYear))
        .mapToDouble(PeriodResult::value).findFirst();
    return new Observation(latest.period(), latest.value(), latest.result(), latestTargets, previousValue,
        yearEarlier, streak, span, met, revised, retargeted);
  }

  /** The latest value with the reference values at hand, as the evaluator judges it. */
  public EvaluationInput input() {
    return new EvaluationInput(value, latest, previousValue, samePeriodLastYear);
  }

  public Optional<Severity> breach() {
    return Severity.of(result);
  }
}
