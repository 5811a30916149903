package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The values an indicator's measurements can take, both ends inclusive and each optional: a dygnskostnad is never
 * negative, a budget deviation may be. It narrows what the unit allows; it never widens it.
 */
public record ValidRange(OptionalDouble min, OptionalDouble max) {
  public static final ValidRange UNBOUNDED = new ValidRange(OptionalDouble.empty(), OptionalDouble.empty());

  public ValidRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isPresent() && !Double.isFinite(min.getAsDouble()) || max.isPresent() && !Double.isFinite(
        max.getAsDouble())) {
      throw new IllegalArgumentException("the ends of a valid range must be finite numbers");
    }
    if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
      throw new IllegalArgumentException("valid range min " + Problems.plain(min.getAsDouble())
          + " is greater than max " + Problems.plain(max.getAsDouble()));
    }
  }

  /** Why the value is outside the range, phrased for the client, or empty when it is inside. */
  public Optional<String> problem(double value) {
    boolean below = min.isPresent() && value < min.getAsDouble();
    boolean above = max.isPresent() && value > max.getAsDouble();
    if (!below && !above) {
      return Optional.empty();
    }
    String range = min.isPresent() && max.isPresent()
        ? "between " + Problems.plain(min.getAsDouble()) + " and " + Problems.plain(max.getAsDouble())
        : min.isPresent() ? "at least " + Problems.plain(min.getAsDouble())
        : "at most " + Problems.plain(max.getAsDouble());
    return Optional.of("must be " + range + " for this indicator");
  }
}
