package se.indikatorvakt.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks indicators.yaml: the goals, and the indicators with their målvärden. */
final class IndicatorReader {
  static final String FILE = "indicators.yaml";
  private static final List<String> BREAKDOWNS = List.of("gender", "orgUnit", "ageGroup");
  private static final Set<String> FIELDS = Set.of("id", "name", "description", "unit", "polarity", "periodType",
      "breakdowns", "source", "koladaKpi", "legalBasis", "goals", "provenance", "alerting", "targets");

  record Read(List<Goal> goals, List<Indicator> indicators) {}

  private IndicatorReader() {}

  /**
   * @param unitIds every unit declared in organisation.yaml, so a broken unit is not also reported as unknown; empty
   *     when that file could not be read, and references to units are then not checked
   */
  static Read read(YamlMap root, Optional<Set<String>> unitIds, AlertingPolicy defaults) {
    root.rejectUnknown(Set.of("goals", "indicators"));
    Set<String> goalIds = new LinkedHashSet<>();
    List<Goal> goals = new ArrayList<>();
    List<YamlMap> goalEntries = root.maps("goals", true);
    for (int i = 0; i < goalEntries.size(); i++) {
      goal(goalEntries.get(i).as("goal #" + (i + 1)), goalIds).ifPresent(goals::add);
    }
    Set<String> indicatorIds = new LinkedHashSet<>();
    List<Indicator> indicators = new ArrayList<>();
    List<YamlMap> entries = root.maps("indicators", true);
    for (int i = 0; i < entries.size(); i++) {
      YamlMap entry = entries.get(i).as("indicator #" + (i + 1));
      indicator(entry, indicatorIds, goalIds, unitIds, defaults).ifPresent(indicators::add);
    }
    return new Read(List.copyOf(goals), List.copyOf(indicators));
  }

  private static Optional<Goal> goal(YamlMap entry, Set<String> goalIds) {
    int before = entry.problemCount();
    Optional<String> id = Slugs.id(entry);
    if (id.isPresent()) {
      entry = entry.as("goal '" + id.get() + "'");
      if (!goalIds.add(id.get())) {
        entry.problem("id", "duplicate goal id '" + id.get() + "'");
      }
    }
    entry.rejectUnknown(Set.of("id", "name", "description"));
    Optional<String> name = entry.requiredText("name");
    String description = entry.optionalText("description").orElse("");
    if (entry.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new Goal(id.get(), name.get(), description));
  }

  private static Optional<Indicator> indicator(YamlMap entry, Set<String> indicatorIds, Set<String> goalIds,
      Optional<Set<String>> unitIds, AlertingPolicy defaults) {
    int before = entry.problemCount();
    Optional<String> id = Slugs.id(entry);
    if (id.isPresent()) {
      entry = entry.as("indicator '" + id.get() + "'");
      if (!indicatorIds.add(id.get())) {
        entry.problem("id", "duplicate indicator id '" + id.get() + "'");
      }
    }
    YamlMap indicator = entry;
    indicator.rejectUnknown(FIELDS);
    Optional<String> name = indicator.requiredText("name");
    Optional<String> description = indicator.requiredText("description");
    Optional<MeasurementUnit> unit = indicator.requiredCode("unit", MeasurementUnit::fromCode,
        Arrays.stream(MeasurementUnit.values()).map(MeasurementUnit::code).toList());
    Optional<Polarity> polarity = indicator.requiredCode("polarity", Polarity::fromCode,
        Arrays.stream(Polarity.values()).map(Polarity::code).toList());
    Optional<PeriodType> periodType = indicator.requiredCode("periodType", PeriodType::fromCode,
        Arrays.stream(PeriodType.values()).map(PeriodType::code).toList());
    List<String> breakdowns = indicator.texts("breakdowns", false);
    breakdowns.stream().filter(b -> !BREAKDOWNS.contains(b)).forEach(b -> indicator.problem("breakdowns",
        "unknown breakdown '" + b + "'; expected one of " + String.join(", ", BREAKDOWNS)));
    Optional<String> source = indicator.requiredText("source");
    Optional<String> koladaKpi = indicator.optionalText("koladaKpi").filter(kpi -> {
      boolean valid = Slugs.KOLADA_KPI.matcher(kpi).matches();
      if (!valid) {
        indicator.problem("koladaKpi",
            "'" + kpi + "' is not a Kolada KPI id like N00945 (a capital letter and five digits)");
      }
      return valid;
    });
    Optional<String> legalBasis = indicator.optionalText("legalBasis");
    List<String> goals = indicator.texts("goals", true);
    if (goals.isEmpty() && indicator.has("goals")) {
      indicator.problem("goals", "must name at least one goal");
    }
    goals.stream().filter(goal -> !goalIds.contains(goal))
        .forEach(goal -> indicator.problem("goals", "unknown goal '" + goal + "'"));
    Optional<String> provenance = indicator.requiredText("provenance");
    Optional<AlertingPolicy> alerting = AlertingPolicyReader.read(indicator.optionalMap("alerting"), defaults);
    List<TargetRule> targets = targets(indicator, new TargetReader.Shape(unit, polarity, periodType), unitIds);
    if (indicator.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new Indicator(id.get(), name.get(), description.get(), unit.get(), polarity.get(),
        periodType.get(), breakdowns, source.get(), koladaKpi, legalBasis, goals, provenance.get(), alerting.get(),
        targets));
  }

  /** Two targets for the same period and unit would make the målvärde depend on their order in the file. */
  private static List<TargetRule> targets(YamlMap indicator, TargetReader.Shape shape,
      Optional<Set<String>> unitIds) {
    List<TargetRule> rules = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<YamlMap> entries = indicator.maps("targets", false);
    for (int i = 0; i < entries.size(); i++) {
      Optional<TargetRule> rule = TargetReader.read(entries.get(i), shape, unitIds);
      if (rule.isEmpty()) {
        continue;
      }
      String scope = rule.get().from();
      String unit = rule.get().orgUnit().map(u -> "unit '" + u + "'").orElse("all units");
      Integer earlier = seen.putIfAbsent(scope + " for " + unit, i);
      if (earlier != null) {
        indicator.problem("targets[" + i + "].period", "targets[" + earlier + "] already sets the target for "
            + scope + " for " + unit);
      }
      rules.add(rule.get());
    }
    return rules;
  }
}
