package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import se.indikatorvakt.catalog.Polarity;

/**
 * Places in a national comparison, pure, shared on ties as Kolada ranks: every kommun with the same value gets the
 * best place of the group and the next value's place counts all before it (1, 2, 2, 4). The place is what a "topp N"
 * target judges.
 */
public final class Ranking {
  private Ranking() {}

  /** One kommun's value in the comparison. */
  public record Entry(String municipality, double value) {
    public Entry {
      Objects.requireNonNull(municipality, "municipality");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("the value of " + municipality + " must be a finite number, got " + value);
      }
    }
  }

  /**
   * The place of one kommun among every kommun in the data, which must hold it and at least one other: a place among
   * oneself compares nothing, and is empty like the place of a kommun not in the data.
   */
  public static OptionalInt placeOf(String municipality, List<Entry> entries, Polarity polarity) {
    if (entries.size() < 2 || entries.stream().noneMatch(entry -> entry.municipality().equals(municipality))) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(places(entries, polarity).get(municipality));
  }

  /**
   * @return each kommun's place, in the order given
   * @throws IllegalArgumentException for polarity inside-band, which orders nothing, or a kommun given twice
   */
  public static Map<String, Integer> places(List<Entry> entries, Polarity polarity) {
    if (polarity == Polarity.INSIDE_BAND) {
      throw new IllegalArgumentException("an inside-band indicator has no ranking");
    }
    Set<String> seen = new HashSet<>();
    entries.forEach(entry -> {
      if (!seen.add(entry.municipality())) {
        throw new IllegalArgumentException(entry.municipality() + " is in the comparison twice");
      }
    });
    // sorted best first, a kommun's place is one more than the number of strictly better values before it
    Comparator<BigDecimal> best = polarity == Polarity.HIGHER_IS_BETTER ? Comparator.reverseOrder()
        : Comparator.naturalOrder();
    List<BigDecimal> sorted = entries.stream().map(entry -> BigDecimal.valueOf(entry.value())).sorted(best).toList();
    Map<BigDecimal, Integer> placeOfValue = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      placeOfValue.putIfAbsent(sorted.get(i), i + 1);
    }
    Map<String, Integer> places = new LinkedHashMap<>();
    for (Entry entry : entries) {
      places.put(entry.municipality(), placeOfValue.get(BigDecimal.valueOf(entry.value())));
    }
    return places;
  }
}
