package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The value must lie between two lines, both inclusive (balanstal 0,8–1,0). An optional warning band outside it,
 * also inclusive, is delvis uppfyllt; each side's warning line is optional on its own.
 */
public record BandTarget(MeasurementUnit unit, double min, double max, OptionalDouble warningMin,
    OptionalDouble warningMax) implements Target {

  public BandTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(warningMin, "warningMin");
    Objects.requireNonNull(warningMax, "warningMax");
    if (min > max) {
      throw new IllegalArgumentException("band min " + min + " is greater than max " + max);
    }
  }

  @Override
  public String describeSwedish() {
    int decimals = Math.max(SwedishNumbers.scale(min), SwedishNumbers.scale(max));
    String range = SwedishNumbers.format(min, decimals) + "–" + SwedishNumbers.format(max, decimals);
    return SwedishNumbers.withUnit(range, unit);
  }

  /** Empty: a band has two målvärden, neither of which alone is the target. */
  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.empty();
  }

  /** Empty for the same reason as {@link #referenceValue()}. */
  @Override
  public OptionalDouble warningLine() {
    return OptionalDouble.empty();
  }
}
