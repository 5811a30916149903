package se.indikatorvakt.catalog;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A place in a national ranking, 1 being best ("topp 30").
 *
 * @param warning the last place (inclusive) that is still delvis uppfyllt
 */
public record RankTarget(int top, OptionalInt warning) implements Target {

  public RankTarget {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, got " + top);
    }
    if (warning.isPresent() && warning.getAsInt() < top) {
      throw new IllegalArgumentException("warning place " + warning.getAsInt() + " is better than top " + top);
    }
  }

  @Override
  public String describeSwedish() {
    return "topp " + top;
  }

  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.of(top);
  }

  @Override
  public OptionalDouble warningLine() {
    return warning.isPresent() ? OptionalDouble.of(warning.getAsInt()) : OptionalDouble.empty();
  }
}
