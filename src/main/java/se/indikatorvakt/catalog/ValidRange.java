package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** The values an indicator can take beyond what its unit allows (a daily cost is never negative); both ends inclusive. */
public record ValidRange(OptionalDouble min, OptionalDouble max) {
  public ValidRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
  }

  /** Why the value lies outside, or empty when it is inside. */
  public Optional<String> problem(double value) {
    if (min.isPresent() && value < min.getAsDouble()) {
      return Optional.of("must be at least " + Problems.plain(min.getAsDouble()) + " for this indicator");
    }
    if (max.isPresent() && value > max.getAsDouble()) {
      return Optional.of("must be at most " + Problems.plain(max.getAsDouble()) + " for this indicator");
    }
    return Optional.empty();
  }
}
