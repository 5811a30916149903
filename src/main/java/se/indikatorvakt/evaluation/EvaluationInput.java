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
 * with (a stated baseline is part of its target). The I/O side asks {@link #referencePeriods} which periods of the
 * same series (indicator, unit, kön) to fetch and builds the input with {@link #of}.
 *
 * @param previous the previous period's value: the trend, and direction targets against the previous period
 * @param samePeriodLastYear the same period a year earlier: direction targets with that reference
 */
public record EvaluationInput(double value, Period period, OptionalDouble previous,
    OptionalDouble samePeriodLastYear) {

  public EvaluationInput {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(samePeriodLastYear, "samePeriodLastYear");
    requireFinite(value, "value");
    previous.ifPresent(v -> requireFinite(v, "previous"));
    samePeriodLastYear.ifPresent(v -> requireFinite(v, "samePeriodLastYear"));
  }

  /** The periods of the value's own series whose values the targets may need, the previous period first. */
  public static List<Period> referencePeriods(List<Target> targets, Period period) {
    Set<Period> periods = new LinkedHashSet<>();
    periods.add(period.previous());
    boolean lastYear = targets.stream().anyMatch(target -> target instanceof DirectionTarget direction
        && direction.reference() == DirectionTarget.Reference.SAME_PERIOD_LAST_YEAR);
    if (lastYear) {
      periods.add(period.samePeriodLastYear());
    }
    return new ArrayList<>(periods);
  }

  /**
   * @param known the series' values found for (some of) {@link #referencePeriods}; a missing one leaves the targets
   *     that need it unjudged ("inget mål")
   */
  public static EvaluationInput of(double value, Period period, Map<Period, Double> known) {
    return new EvaluationInput(value, period, optional(known.get(period.previous())),
        optional(known.get(period.samePeriodLastYear())));
  }

  /** Judging one value with nothing to compare it with but, possibly, the previous period. */
  public static EvaluationInput of(double value, Period period, OptionalDouble previous) {
    return new EvaluationInput(value, period, previous, OptionalDouble.empty());
  }

  /** The reference value of a direction target, when the input holds it. */
  OptionalDouble reference(DirectionTarget target) {
    return switch (target.reference()) {
      case PREVIOUS -> previous;
      case SAME_PERIOD_LAST_YEAR -> samePeriodLastYear;
      case BASELINE -> target.baseline();
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
