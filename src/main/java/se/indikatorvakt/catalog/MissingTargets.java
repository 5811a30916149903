package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The målvärden that lapsed at the turn of the year, pure: an indicator, unit and kön that had a målvärde for some
 * period of the previous year and has none for the current period. Without this list a lapsed target is silent: its
 * values are judged "inget mål" and raise nothing.
 *
 * <p>The units and kön looked at are those the kommun's targets name (a target without a unit names the kommun's
 * root). Whether a target applies is decided as for a measurement ({@link Kommun#targetsFor}), so a unit whose own
 * target ended but which a target "för varje enhet" above it now judges, or a kön judged by the target for totalt,
 * is not missing anything. A unit that a reorganisation ended before the current period is not listed.
 */
public final class MissingTargets {
  /**
   * @param lastPeriod the last period of the previous year that had a målvärde
   * @param lastTargets the målvärden that judged that period
   */
  public record Missing(Indicator indicator, String orgUnit, Gender gender, Period lastPeriod,
      List<TargetRule> lastTargets) {
    public Missing {
      Objects.requireNonNull(indicator, "indicator");
      Objects.requireNonNull(orgUnit, "orgUnit");
      Objects.requireNonNull(gender, "gender");
      Objects.requireNonNull(lastPeriod, "lastPeriod");
      lastTargets = List.copyOf(lastTargets);
    }
  }

  /**
   * The list for one catalog in force and one day, computed once: it changes only with a catalog reload or the date,
   * and every reader (the status, the gauge) asks for the same one.
   */
  public static final class Cache {
    private record Entry(Catalog catalog, LocalDate day, Map<String, List<Missing>> missing) {}

    private final AtomicReference<Entry> last = new AtomicReference<>();

    public Map<String, List<Missing>> of(Catalog catalog, LocalDate today) {
      Entry entry = last.get();
      if (entry == null || entry.catalog() != catalog || !entry.day().equals(today)) {
        entry = new Entry(catalog, today, MissingTargets.of(catalog, today));
        last.set(entry);
      }
      return entry.missing();
    }
  }

  private MissingTargets() {}

  /** Per kommun code, in the catalog's order, every kommun present (an empty list when nothing lapsed). */
  public static Map<String, List<Missing>> of(Catalog catalog, LocalDate today) {
    Map<String, List<Missing>> byKommun = new LinkedHashMap<>();
    catalog.kommuner().forEach(kommun -> byKommun.put(kommun.code(), of(kommun, today)));
    return Collections.unmodifiableMap(byKommun);
  }

  /** In the order of the kommun's indicators and, within one, of its targets. */
  public static List<Missing> of(Kommun kommun, LocalDate today) {
    int previousYear = today.getYear() - 1;
    List<Missing> missing = new ArrayList<>();
    for (Indicator indicator : kommun.indicators()) {
      Period current = Period.containing(indicator.periodType(), today);
      for (UnitAndGender named : named(kommun, indicator)) {
        if (ended(kommun, named.unit(), current) || !inForce(kommun, indicator, named, current).isEmpty()) {
          continue;
        }
        lastWithTarget(kommun, indicator, named, previousYear)
            .ifPresent(last -> missing.add(new Missing(indicator, named.unit(), named.gender(), last,
                inForce(kommun, indicator, named, last))));
      }
    }
    return List.copyOf(missing);
  }

  private record UnitAndGender(String unit, Gender gender) {}

  private static Set<UnitAndGender> named(Kommun kommun, Indicator indicator) {
    Set<UnitAndGender> named = new LinkedHashSet<>();
    indicator.targets().forEach(rule -> named.add(new UnitAndGender(kommun.unitOf(rule), rule.gender())));
    return named;
  }

  /** The year's periods of the indicator's type, latest first, until one has a målvärde. */
  private static Optional<Period> lastWithTarget(Kommun kommun, Indicator indicator, UnitAndGender named, int year) {
    for (Period period = Period.containing(indicator.periodType(), LocalDate.of(year, 12, 31));
        period.year() == year; period = period.previous()) {
      if (!inForce(kommun, indicator, named, period).isEmpty()) {
        return Optional.of(period);
      }
    }
    return Optional.empty();
  }

  private static List<TargetRule> inForce(Kommun kommun, Indicator indicator, UnitAndGender named, Period period) {
    return kommun.targetsFor(indicator, named.unit(), named.gender(), period);
  }

  private static boolean ended(Kommun kommun, String unitId, Period current) {
    return kommun.organisation().unit(unitId)
        .map(unit -> unit.validTo().map(to -> to.isBefore(current.start())).orElse(false))
        .orElse(true);
  }
}
