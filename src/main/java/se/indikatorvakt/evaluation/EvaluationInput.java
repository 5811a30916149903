package se.indikatorvakt.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;

/**
 * What the evaluator needs to judge one value: the value, its period, and the series' values its targets compare
 * with. The I/O side asks {@link #referencePeriods} which periods of the same series (indicator, unit, kön) to fetch
 * and builds the input with {@link #of}.
 *
 * @param previous the previous period's value: the trend, and direction targets against the previous period
 * @param samePeriodLastYear the same period a year earlier: direction targets with that reference
 * @param baselines values of baseline periods that a direction target names without stating the value, by period
 */
public record EvaluationInput(double value, Period period, OptionalDouble previous,
    OptionalDouble samePeriodLastYear, Map<Period, Double> baselines) {

  public EvaluationInput {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(samePeriodLastYear, "samePeriodLastYear");
    baselines = Map.copyOf(baselines);
    requireFinite(value, "value");
    previous.ifPresent(v -> requireFinite(v, "previous"));
    samePeriodLastYear.ifPresent(v -> requireFinite(v, "samePeriodLastYear"));
    baselines.values().forEach(v -> requireFinite(v, "baseline"));
  }

  /** The periods of the value's own series whose values the targets may need, the previous period first. */
  public static List<Period> referencePeriods(List<Target> targets, Period period) {
    Set<Period> periods = new LinkedHashSet<>();
    periods.add(period.previous());
    for (Target target : targets) {
      if (target instanceof DirectionTarget direction) {
        switch (direction.reference()) {
          case SAME_PERIOD_LAST_YEAR -> periods.add(period.samePeriodLastYear());
          case BASELINE -> {
            if (direction.baseline().isEmpty()) {
              periods.add(baselinePeriod(direction, period));
            }
          }
          case PREVIOUS -> { }
        }
      }
    }
    return new ArrayList<>(periods);
  }

  /**
   * @param known the series' values found for (some of) {@link #referencePeriods}; a missing one leaves the targets
   *     that need it unjudged ("inget mål")
   */
  public static EvaluationInput of(double value, Period period, Map<Period, Double> known) {
    Period lastYear = period.samePeriodLastYear();
    return new EvaluationInput(value, period, optional(known.get(period.previous())), optional(known.get(lastYear)),
        known);
  }

  /** Judging one value with nothing to compare it with but, possibly, the previous period. */
  public static EvaluationInput of(double value, Period period, OptionalDouble previous) {
    return new EvaluationInput(value, period, previous, OptionalDouble.empty(), Map.of());
  }

  /**
   * The period of the series a baseline names. In the indicator's own notation it is that period; a year for an
   * indicator reported more often means the same time of that year (2022-T2 for a 2023-T2 value), so a seasonal
   * series is compared like with like; any other notation means the series' period holding its last day.
   */
  public static Period baselinePeriod(DirectionTarget target, Period period) {
    Period named = Period.parseAny(target.baselinePeriod().orElseThrow(() -> new IllegalArgumentException(
        "the target states its baseline value and names no period")));
    if (named.type() == period.type()) {
      return named;
    }
    if (named.type() == se.indikatorvakt.catalog.PeriodType.YEAR) {
      return period.inYear(named.year());
    }
    return Period.containing(period.type(), named.end());
  }

  /** The reference value of a direction target, when the input holds it. */
  OptionalDouble reference(DirectionTarget target) {
    return switch (target.reference()) {
      case PREVIOUS -> previous;
      case SAME_PERIOD_LAST_YEAR -> samePeriodLastYear;
      case BASELINE -> target.baseline().isPresent() ? target.baseline()
          : optional(baselines.get(baselinePeriod(target, period)));
    };
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static void requireFinite(double number, String name) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + number);
    }
  }
}
