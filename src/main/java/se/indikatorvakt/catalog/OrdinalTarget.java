package se.indikatorvakt.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A value on an ordinal scale whose levels carry the verdict, like Eskilstuna's supplier ratings: betyg 1–2 röd (ej
 * uppfyllt), 3 gul (delvis uppfyllt), 4–5 grön (uppfyllt). The classes must not overlap and must follow one another
 * along the scale; which end is good follows from where the met levels lie.
 */
public record OrdinalTarget(List<Integer> met, List<Integer> partly, List<Integer> notMet) implements Target {

  public OrdinalTarget {
    met = List.copyOf(met);
    partly = List.copyOf(partly);
    notMet = List.copyOf(notMet);
    if (met.isEmpty()) {
      throw new IllegalArgumentException("an ordinal target needs at least one met level");
    }
    Set<Integer> seen = new HashSet<>();
    for (List<Integer> levels : List.of(met, partly, notMet)) {
      for (int level : levels) {
        if (!seen.add(level)) {
          throw new IllegalArgumentException("level " + level + " is in more than one class");
        }
      }
    }
    boolean higherIsBetter = higherIsBetter(met, partly, notMet);
    List<List<Integer>> ascending = higherIsBetter ? List.of(notMet, partly, met) : List.of(met, partly, notMet);
    int previousMax = Integer.MIN_VALUE;
    for (List<Integer> levels : ascending) {
      if (levels.isEmpty()) {
        continue;
      }
      int min = levels.stream().mapToInt(Integer::intValue).min().orElseThrow();
      if (min < previousMax) {
        throw new IllegalArgumentException("the classes must follow one another along the scale, got met " + met
            + ", partly " + partly + ", notMet " + notMet);
      }
      previousMax = levels.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
  }

  /** True when the met levels lie at the top of the scale. */
  public boolean higherIsBetter() {
    return higherIsBetter(met, partly, notMet);
  }

  @Override
  public String describeSwedish() {
    List<Integer> scale = new ArrayList<>(met);
    scale.addAll(partly);
    scale.addAll(notMet);
    int low = scale.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int high = scale.stream().mapToInt(Integer::intValue).max().orElseThrow();
    return levels(met) + " på skalan " + low + "–" + high;
  }

  /** The met level nearest the rest of the scale: the lowest betyg that is uppfyllt. */
  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.of(edge(met));
  }

  /** The partly level farthest from the met ones, when the scale has a delvis class. */
  @Override
  public OptionalDouble warningLine() {
    if (partly.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(higherIsBetter()
        ? partly.stream().mapToInt(Integer::intValue).min().orElseThrow()
        : partly.stream().mapToInt(Integer::intValue).max().orElseThrow());
  }

  private double edge(List<Integer> levels) {
    return higherIsBetter() ? levels.stream().mapToInt(Integer::intValue).min().orElseThrow()
        : levels.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  private static boolean higherIsBetter(List<Integer> met, List<Integer> partly, List<Integer> notMet) {
    List<Integer> rest = new ArrayList<>(partly);
    rest.addAll(notMet);
    if (rest.isEmpty()) {
      return true;
    }
    return met.stream().mapToInt(Integer::intValue).max().orElseThrow()
        > rest.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  private static String levels(List<Integer> levels) {
    List<Integer> sorted = levels.stream().sorted().toList();
    int first = sorted.get(0);
    int last = sorted.get(sorted.size() - 1);
    if (last - first + 1 == sorted.size()) {
      return first == last ? Integer.toString(first) : first + "–" + last;
    }
    return sorted.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
