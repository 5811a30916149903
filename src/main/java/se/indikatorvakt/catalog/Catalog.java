package se.indikatorvakt.catalog;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated catalog: goals, indicators with their målvärden, and the organisation. Immutable. */
public final class Catalog {
  private final List<Goal> goals;
  private final Map<String, Indicator> indicators = new LinkedHashMap<>();
  private final Organisation organisation;

  public Catalog(List<Goal> goals, List<Indicator> indicators, Organisation organisation) {
    this.goals = List.copyOf(goals);
    indicators.forEach(indicator -> this.indicators.put(indicator.id(), indicator));
    this.organisation = organisation;
  }

  /** In the order of indicators.yaml. */
  public List<Indicator> indicators() {
    return List.copyOf(indicators.values());
  }

  public Optional<Indicator> indicator(String id) {
    return Optional.ofNullable(indicators.get(id));
  }

  public List<Indicator> byKoladaKpi(String kpi) {
    return indicators.values().stream().filter(i -> i.koladaKpi().filter(kpi::equals).isPresent()).toList();
  }

  public List<Goal> goals() {
    return goals;
  }

  public Organisation organisation() {
    return organisation;
  }

  /**
   * The målvärde for a unit's value in a period, most specific first: the unit's own for exactly the period, the
   * unit's own for the year, everyone's for exactly the period, everyone's for the year; empty means "inget mål".
   * A unit does not inherit its parent's own targets: a target set for a verksamhetsområde is about its total.
   */
  public Optional<TargetRule> targetFor(Indicator indicator, String orgUnit, Period period) {
    String year = Integer.toString(period.year());
    return indicator.targets().stream()
        .filter(rule -> rule.orgUnit().map(orgUnit::equals).orElse(true))
        .filter(rule -> rule.periodScope().equals(period.notation()) || rule.periodScope().equals(year))
        .min(Comparator.comparingInt(rule -> specificity(rule, period)));
  }

  private static int specificity(TargetRule rule, Period period) {
    int forAll = rule.orgUnit().isPresent() ? 0 : 2;
    int forYear = rule.periodScope().equals(period.notation()) ? 0 : 1;
    return forAll + forYear;
  }
}
