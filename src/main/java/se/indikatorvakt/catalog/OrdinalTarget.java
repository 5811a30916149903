package se.indikatorvakt.catalog;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** A scale whose values are colours of their own (betyg 4–5 uppfyllt, 3 delvis, 1–2 ej uppfyllt). */
public record OrdinalTarget(List<Double> met, List<Double> partly, List<Double> notMet) implements Target {

  public OrdinalTarget {
    met = List.copyOf(met);
    partly = List.copyOf(partly);
    notMet = List.copyOf(notMet);
    if (met.isEmpty()) {
      throw new IllegalArgumentException("an ordinal target needs at least one value that is met");
    }
  }

  @Override
  public String describeSwedish() {
    return "uppfyllt vid " + join(met) + (partly.isEmpty() ? "" : ", delvis vid " + join(partly));
  }

  /** The lowest value that is met, the line a chart draws. */
  @Override
  public OptionalDouble referenceValue() {
    return met.stream().mapToDouble(Double::doubleValue).min();
  }

  @Override
  public OptionalDouble warningLine() {
    return OptionalDouble.empty();
  }

  private static String join(List<Double> values) {
    return values.stream().map(SwedishNumbers::format).collect(Collectors.joining(", "));
  }
}
