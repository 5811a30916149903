package se.indikatorvakt.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * What the metrics take from the catalog: the only values that may become labels. A database row
 * whose indicator or unit is not in the catalog in force (removed by a reload) gets no gauge, and
 * neither does one whose unit's kommun does not follow its indicator. The {@code kommun} label of
 * every domain series is the kommun its unit belongs to in the catalog, never anything a client sent.
 *
 * @param kommuner the kommuner of the installation by code, in the order of the catalog
 */
record CatalogView(Map<String, KommunInfo> kommuner, Map<String, IndicatorInfo> indicators,
    Map<String, UnitInfo> units, Map<String, GoalInfo> goals) {
  static final List<String> GENDERS = List.of("T", "K", "M");

  /** @param indicators the ids of the national indicators the kommun adopted and of its own */
  record KommunInfo(String code, String name, Set<String> indicators) {}

  record IndicatorInfo(String id, String name, String unit, String periodType, List<String> goals) {}

  record UnitInfo(String id, String name, String level, String parent, String kommun) {}

  record GoalInfo(String id, String name, String kommun) {}

  static CatalogView of(Catalog catalog) {
    Map<String, KommunInfo> kommuner = new LinkedHashMap<>();
    Map<String, UnitInfo> units = new LinkedHashMap<>();
    Map<String, GoalInfo> goals = new LinkedHashMap<>();
    for (Kommun kommun : catalog.kommuner()) {
      Set<String> followed = new LinkedHashSet<>();
      kommun.indicators().forEach(indicator -> followed.add(indicator.id()));
      kommuner.put(kommun.code(), new KommunInfo(kommun.code(), kommun.name(), Set.copyOf(followed)));
      for (OrgUnit unit : kommun.organisation().units()) {
        units.put(unit.id(), new UnitInfo(unit.id(), unit.name(), unit.level().code(),
            unit.parent().orElse(""), kommun.code()));
      }
      for (Goal goal : kommun.goals()) {
        goals.put(goal.id(), new GoalInfo(goal.id(), goal.name(), kommun.code()));
      }
    }
    Map<String, IndicatorInfo> indicators = new LinkedHashMap<>();
    for (Indicator indicator : catalog.indicators()) {
      indicators.put(indicator.id(), new IndicatorInfo(indicator.id(), indicator.name(), indicator.unit().code(),
          indicator.periodType().code(), List.copyOf(indicator.goals())));
    }
    return new CatalogView(Collections.unmodifiableMap(kommuner), Map.copyOf(indicators),
        Map.copyOf(units), Map.copyOf(goals));
  }

  boolean knows(SeriesReading series) {
    return indicators.containsKey(series.indicator()) && GENDERS.contains(series.gender())
        && kommunOf(series.orgUnit()).filter(kommun -> kommuner.get(kommun).indicators()
            .contains(series.indicator())).isPresent();
  }

  /** The catalog's own string of the indicator id; the given one for an id the catalog does not have. */
  String indicatorId(String id) {
    IndicatorInfo indicator = indicators.get(id);
    return indicator == null ? id : indicator.id();
  }

  /** The catalog's own string of the unit id; the given one for an id the catalog does not have. */
  String unitId(String id) {
    UnitInfo unit = units.get(id);
    return unit == null ? id : unit.id();
  }

  /** One string per kön code; the given one for a code that is none of them. */
  static String gender(String code) {
    int known = GENDERS.indexOf(code);
    return known < 0 ? code : GENDERS.get(known);
  }

  /** The code of the kommun the unit belongs to; empty for a unit the catalog in force does not have. */
  Optional<String> kommunOf(String orgUnit) {
    UnitInfo unit = units.get(orgUnit);
    return unit == null || !kommuner.containsKey(unit.kommun()) ? Optional.empty() : Optional.of(unit.kommun());
  }
}
