package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A future målvärde reached step by step ("100 % år 2023"): judged along the way against the straight line from the
 * baseline to the goal.
 *
 * @param warning how far behind the line (inclusive, in the indicator's unit) a value is still delvis uppfyllt
 */
public record PathTarget(MeasurementUnit unit, String baselinePeriod, double baselineValue, String goalPeriod,
    double goalValue, OptionalDouble warning) implements Target {

  public PathTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(baselinePeriod, "baselinePeriod");
    Objects.requireNonNull(goalPeriod, "goalPeriod");
    Objects.requireNonNull(warning, "warning");
  }

  @Override
  public String describeSwedish() {
    return SwedishNumbers.withUnit(SwedishNumbers.format(goalValue), unit) + " år " + goalPeriod + " (från "
        + SwedishNumbers.withUnit(SwedishNumbers.format(baselineValue), unit) + " år " + baselinePeriod + ")";
  }

  /** The goal: the line between baseline and goal differs per period. */
  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.of(goalValue);
  }

  /** Empty: the warning is a distance behind a line that moves with the period. */
  @Override
  public OptionalDouble warningLine() {
    return OptionalDouble.empty();
  }
}
