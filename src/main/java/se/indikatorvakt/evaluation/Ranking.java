package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    Map<String, Integer> places = new LinkedHashMap<>();
    for (Entry entry : entries) {
      BigDecimal own = BigDecimal.valueOf(entry.value());
      long better = entries.stream()
          .map(other -> BigDecimal.valueOf(other.value()).compareTo(own))
          .filter(order -> polarity == Polarity.HIGHER_IS_BETTER ? order > 0 : order < 0)
          .count();
      places.put(entry.municipality(), Math.toIntExact(better + 1));
    }
    return places;
  }
}
