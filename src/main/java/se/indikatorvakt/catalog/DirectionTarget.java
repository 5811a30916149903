package se.indikatorvakt.catalog;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The value must move one way ("öka", "minska") compared with a stated baseline or, without one, with the previous
 * period's value. Staying level is not a move.
 *
 * @param warning how far the value may move the wrong way (inclusive) and still be delvis uppfyllt
 */
public record DirectionTarget(MeasurementUnit unit, Direction direction, OptionalDouble baseline,
    OptionalDouble warning) implements Target {

  public enum Direction {
    INCREASE("increase", "öka"),
    DECREASE("decrease", "minska");

    private final String code;
    private final String swedish;

    Direction(String code, String swedish) {
      this.code = code;
      this.swedish = swedish;
    }

    public String code() {
      return code;
    }

    public String swedish() {
      return swedish;
    }

    public static Optional<Direction> fromCode(String code) {
      return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }
  }

  public DirectionTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(warning, "warning");
  }

  @Override
  public String describeSwedish() {
    if (baseline.isEmpty()) {
      return direction.swedish;
    }
    return direction.swedish + " från " + SwedishNumbers.withUnit(SwedishNumbers.format(baseline.getAsDouble()), unit);
  }

  /** The baseline; without one the reference is the previous value, which differs per series. */
  @Override
  public OptionalDouble referenceValue() {
    return baseline;
  }

  @Override
  public OptionalDouble warningLine() {
    if (baseline.isEmpty() || warning.isEmpty()) {
      return OptionalDouble.empty();
    }
    double tolerance = direction == Direction.DECREASE ? warning.getAsDouble() : -warning.getAsDouble();
    return OptionalDouble.of(baseline.getAsDouble() + tolerance);
  }
}
