package se.indikatorvakt.catalog;

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
   * The målvärden that judge a unit's value of one kön in a period, by {@link TargetSelection}; empty means "inget
   * mål". Several are judged together, the worst result winning.
   */
  public List<TargetRule> targetsFor(Indicator indicator, String orgUnit, Gender gender, Period period) {
    List<String> chain = organisation.chainUpwards(orgUnit).stream().map(OrgUnit::id).toList();
    return TargetSelection.select(indicator.targets(), period, chain.isEmpty() ? List.of(orgUnit) : chain, gender,
        indicator.unit());
  }

  /** The first of {@link #targetsFor} for kön T, for callers that judge against one målvärde. */
  public Optional<TargetRule> targetFor(Indicator indicator, String orgUnit, Period period) {
    return targetsFor(indicator, orgUnit, Gender.T, period).stream().findFirst();
  }
}
