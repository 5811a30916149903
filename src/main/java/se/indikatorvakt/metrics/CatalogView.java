package se.indikatorvakt.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * What the metrics take from the catalog: the only values that may become labels. A database row
 * whose indicator or unit is not in the catalog in force (removed by a reload) gets no gauge.
 */
record CatalogView(Map<String, IndicatorInfo> indicators, Map<String, UnitInfo> units, Map<String, GoalInfo> goals) {
  static final List<String> GENDERS = List.of("T", "K", "M");

  record IndicatorInfo(String id, String name, String unit, String periodType, List<String> goals) {}

  record UnitInfo(String id, String name, String level, String parent) {}

  record GoalInfo(String id, String name) {}

  static CatalogView of(Catalog catalog) {
    Map<String, IndicatorInfo> indicators = new LinkedHashMap<>();
    for (Indicator indicator : catalog.indicators()) {
      indicators.put(indicator.id(), new IndicatorInfo(indicator.id(), indicator.name(), indicator.unit().code(),
          indicator.periodType().code(), List.copyOf(indicator.goals())));
    }
    Map<String, UnitInfo> units = new LinkedHashMap<>();
    for (OrgUnit unit : catalog.organisation().units()) {
      units.put(unit.id(), new UnitInfo(unit.id(), unit.name(), unit.level().code(),
          unit.parent().orElse("")));
    }
    Map<String, GoalInfo> goals = new LinkedHashMap<>();
    for (Goal goal : catalog.goals()) {
      goals.put(goal.id(), new GoalInfo(goal.id(), goal.name()));
    }
    return new CatalogView(Map.copyOf(indicators), Map.copyOf(units), Map.copyOf(goals));
  }

  boolean knows(SeriesReading series) {
    return indicators.containsKey(series.indicator()) && units.containsKey(series.orgUnit())
        && GENDERS.contains(series.gender());
  }
}
