package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A target for a future period ("100 % år 2023"), judged along the way against the straight line from the baseline to
 * the goal: a period a third of the way there must have come a third of the way. From the goal period on, the goal
 * itself is the line. Which side is good follows from the line: rising when the goal is above the baseline.
 *
 * @param warning how far the value may lie behind the line (inclusive) and still be delvis uppfyllt
 */
public record PathTarget(MeasurementUnit unit, Point baseline, Point goal, OptionalDouble warning) implements Target {

  /** A value at a period, the period in any notation ("2021", "2023-T3"). */
  public record Point(String period, double value) {
    public Point {
      Objects.requireNonNull(period, "period");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("a value must be a finite number, got " + value);
      }
    }

    public Period asPeriod() {
      return Period.parseAny(period);
    }
  }

  public PathTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(warning, "warning");
    if (!goal.asPeriod().end().isAfter(baseline.asPeriod().end())) {
      throw new IllegalArgumentException("the goal period " + goal.period() + " must end after the baseline period "
          + baseline.period());
    }
    if (goal.value() == baseline.value()) {
      throw new IllegalArgumentException("goal and baseline are both " + goal.value() + "; a level to hold is a "
          + "threshold target");
    }
    if (warning.isPresent() && !(warning.getAsDouble() >= 0)) {
      throw new IllegalArgumentException("a tolerance must not be negative, got " + warning.getAsDouble());
    }
  }

  public boolean rising() {
    return goal.value() > baseline.value();
  }

  @Override
  public String describeSwedish() {
    return SwedishNumbers.withUnit(SwedishNumbers.format(goal.value()), unit) + " " + label(goal) + " (från "
        + SwedishNumbers.withUnit(SwedishNumbers.format(baseline.value()), unit) + " " + label(baseline) + ")";
  }

  /** The goal; the line at a given period is {@code se.indikatorvakt.evaluation.PathLine}. */
  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.of(goal.value());
  }

  /** Empty: the warning is a distance behind a moving line, not one line. */
  @Override
  public OptionalDouble warningLine() {
    return OptionalDouble.empty();
  }

  private static String label(Point point) {
    Period period = point.asPeriod();
    return period.type() == PeriodType.YEAR ? "år " + period.swedishLabel() : period.swedishLabel();
  }
}
