package se.indikatorvakt.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.indikatorvakt.text.Codes;

/**
 * Reads indicator definitions and målvärden: the national definitions with their rules of law, and a kommun's
 * {@code indicators/*.yaml} with its goals, the national indicators it adopts and its own indicators.
 */
public final class IndicatorReader {
  private static final List<String> BREAKDOWNS = List.of("gender", "orgUnit", "ageGroup");
  private static final Set<String> DEFINITION = Set.of("id", "name", "shortName", "description", "unit", "polarity",
      "periodType", "breakdowns", "system", "koladaKpi", "legalBasis", "validRange", "source");
  private static final Set<String> NATIONAL = Stream.concat(DEFINITION.stream(), Stream.of("legalTargets", "alerting"))
      .collect(Collectors.toSet());
  private static final Set<String> OWN = Stream.concat(DEFINITION.stream(), Stream.of("goals", "alerting", "targets"))
      .collect(Collectors.toSet());
  private static final Set<String> ADOPTION = Set.of("indicator", "goals", "alerting", "targets", "source");

  /** A national definition with the rules of law that hold in every kommun that adopts it. */
  record National(Indicator definition, List<TargetRule> legalTargets, Optional<YamlMap> alerting) {}

  /** What a kommun's files say, before the kommun is put together. */
  record Read(List<Goal> goals, List<Indicator> indicators) {}

  private IndicatorReader() {}

  /** The national definitions by id, in the order of the file. */
  static Map<String, National> national(YamlMap root, AlertingPolicy defaults) {
    root.rejectUnknown(Set.of("indicators"));
    Map<String, National> national = new LinkedHashMap<>();
    List<YamlMap> entries = root.maps("indicators", true);
    for (int i = 0; i < entries.size(); i++) {
      YamlMap entry = entries.get(i).as("indicator #" + (i + 1));
      int before = entry.problemCount();
      Optional<String> id = Slugs.id(entry);
      if (id.isPresent()) {
        entry = entry.as("indicator '" + id.get() + "'");
        if (national.containsKey(id.get())) {
          entry.problem("id", "duplicate indicator id '" + id.get() + "'");
        }
      }
      YamlMap indicator = entry;
      indicator.rejectUnknown(NATIONAL);
      Optional<Indicator> definition = definition(indicator, id, List.of(), defaults);
      TargetReader.Shape shape = shape(definition);
      List<TargetRule> legal = targets(indicator, "legalTargets", shape,
          new TargetReader.Units(Optional.empty(), Map.of(), true));
      AlertingPolicyReader.read(indicator.optionalMap("alerting"), defaults);
      if (indicator.problemCount() == before && definition.isPresent() && !national.containsKey(id.get())) {
        national.put(id.get(), new National(definition.get(), legal, indicator.optionalMap("alerting")));
      }
    }
    return national;
  }

  /**
   * One kommun's indicator files, read together: goals may be named from any of them.
   *
   * @param units the kommun's units and where every other unit of the installation belongs
   * @param kommunDefaults the alert policy of the kommun: the service defaults with the kommun's overrides
   */
  static Read kommun(List<YamlMap> files, Map<String, National> national, TargetReader.Units units,
      AlertingPolicy kommunDefaults) {
    Map<String, Goal> goals = new LinkedHashMap<>();
    for (YamlMap file : files) {
      file.rejectUnknown(Set.of("goals", "adopts", "indicators"));
      List<YamlMap> entries = file.maps("goals", false);
      for (int i = 0; i < entries.size(); i++) {
        goal(entries.get(i).as("goal #" + (i + 1)), goals);
      }
    }
    Map<String, Indicator> indicators = new LinkedHashMap<>();
    for (YamlMap file : files) {
      List<YamlMap> adoptions = file.maps("adopts", false);
      for (int i = 0; i < adoptions.size(); i++) {
        YamlMap entry = adoptions.get(i).as("adopts #" + (i + 1));
        adoption(entry, national, goals.keySet(), units, kommunDefaults).ifPresent(indicator -> put(indicators,
            indicator, entry.as("adopts '" + indicator.id() + "'"), "indicator"));
      }
      List<YamlMap> entries = file.maps("indicators", false);
      for (int i = 0; i < entries.size(); i++) {
        YamlMap entry = entries.get(i).as("indicator #" + (i + 1));
        own(entry, national, goals.keySet(), units, kommunDefaults).ifPresent(indicator -> put(indicators, indicator,
            entry.as("indicator '" + indicator.id() + "'"), "id"));
      }
    }
    return new Read(List.copyOf(goals.values()), List.copyOf(indicators.values()));
  }

  private static void put(Map<String, Indicator> indicators, Indicator indicator, YamlMap where, String field) {
    if (indicators.putIfAbsent(indicator.id(), indicator) != null) {
      where.problem(field, "indicator '" + indicator.id() + "' is already in this kommun's catalog");
    }
  }

  private static void goal(YamlMap entry, Map<String, Goal> goals) {
    int before = entry.problemCount();
    Optional<String> id = Slugs.id(entry);
    if (id.isPresent()) {
      entry = entry.as("goal '" + id.get() + "'");
      if (goals.containsKey(id.get())) {
        entry.problem("id", "duplicate goal id '" + id.get() + "'");
      }
    }
    entry.rejectUnknown(Set.of("id", "name", "description", "rollup", "source"));
    Optional<String> name = entry.requiredText("name");
    String description = entry.optionalText("description").orElse("");
    Optional<GoalRollup> rollup = entry.optionalMap("rollup").map(IndicatorReader::rollup)
        .orElse(Optional.of(GoalRollup.ALL));
    Optional<Source> source = entry.source(true);
    if (entry.problemCount() == before && !goals.containsKey(id.get())) {
      goals.put(id.get(), new Goal(id.get(), name.get(), description, rollup.get(), source));
    }
  }

  private static Optional<GoalRollup> rollup(YamlMap block) {
    block.rejectUnknown(Set.of("rule", "min"));
    Optional<GoalRollup.Rule> rule = block.requiredCode("rule", GoalRollup.Rule::fromCode,
        Codes.codes(GoalRollup.Rule.class));
    OptionalDouble min = block.optionalNumber("min");
    if (rule.isEmpty()) {
      return Optional.empty();
    }
    GoalRollup.Rule parsed = rule.get();
    boolean needsMin = parsed == GoalRollup.Rule.SHARE || parsed == GoalRollup.Rule.COUNT;
    if (needsMin && min.isEmpty()) {
      block.problem("min", "is required for rule " + rule.get());
      return Optional.empty();
    }
    if (!needsMin && min.isPresent()) {
      block.problem("min", "is only used with rule share or count");
    }
    if (parsed == GoalRollup.Rule.SHARE && min.isPresent() && (min.getAsDouble() <= 0 || min.getAsDouble() > 1)) {
      block.problem("min", "a share must be above 0 and at most 1, got " + Problems.plain(min.getAsDouble()));
    }
    if (parsed == GoalRollup.Rule.COUNT && min.isPresent()
        && (min.getAsDouble() < 1 || min.getAsDouble() != Math.rint(min.getAsDouble()))) {
      block.problem("min", "a count must be a whole number of at least 1, got " + Problems.plain(min.getAsDouble()));
    }
    return Optional.of(new GoalRollup(parsed, needsMin ? min : OptionalDouble.empty()));
  }

  private static Optional<Indicator> adoption(YamlMap entry, Map<String, National> national, Set<String> goalIds,
      TargetReader.Units units, AlertingPolicy kommunDefaults) {
    int before = entry.problemCount();
    Optional<String> id = entry.requiredText("indicator");
    Optional<National> adopted = id.flatMap(i -> Optional.ofNullable(national.get(i)));
    if (id.isPresent()) {
      entry = entry.as("adopts '" + id.get() + "'");
      if (adopted.isEmpty()) {
        entry.problem("indicator", "unknown national indicator '" + id.get() + "'; national/indicators.yaml defines "
            + (national.isEmpty() ? "none" : String.join(", ", national.keySet())));
      }
    }
    YamlMap adoption = entry;
    adoption.rejectUnknown(ADOPTION);
    List<String> goals = goals(adoption, goalIds, false);
    AlertingPolicy base = adopted.flatMap(n -> n.alerting())
        .flatMap(block -> AlertingPolicyReader.read(Optional.of(block), kommunDefaults)).orElse(kommunDefaults);
    Optional<AlertingPolicy> alerting = AlertingPolicyReader.read(adoption.optionalMap("alerting"), base);
    List<TargetRule> targets = targets(adoption, "targets", shape(adopted.map(National::definition)), units);
    Optional<Source> source = adoption.source(false);
    if (adoption.problemCount() != before || adopted.isEmpty()) {
      return Optional.empty();
    }
    List<TargetRule> all = new ArrayList<>(adopted.get().legalTargets());
    all.addAll(targets);
    return Optional.of(adopted.get().definition().adopted(goals, alerting.get(), all, source));
  }

  private static Optional<Indicator> own(YamlMap entry, Map<String, National> national, Set<String> goalIds,
      TargetReader.Units units, AlertingPolicy kommunDefaults) {
    int before = entry.problemCount();
    Optional<String> id = Slugs.id(entry);
    if (id.isPresent()) {
      entry = entry.as("indicator '" + id.get() + "'");
      if (national.containsKey(id.get())) {
        entry.problem("id", "'" + id.get() + "' is a national indicator; adopt it under adopts: instead");
      }
    }
    YamlMap indicator = entry;
    indicator.rejectUnknown(OWN);
    List<String> goals = goals(indicator, goalIds, true);
    Optional<AlertingPolicy> alerting = AlertingPolicyReader.read(indicator.optionalMap("alerting"), kommunDefaults);
    Optional<Indicator> definition = definition(indicator, id, goals, alerting.orElse(kommunDefaults));
    List<TargetRule> targets = targets(indicator, "targets", shape(definition), units);
    if (indicator.problemCount() != before || definition.isEmpty() || alerting.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(definition.get().adopted(goals, alerting.get(), targets, Optional.empty()));
  }

  private static List<String> goals(YamlMap indicator, Set<String> goalIds, boolean required) {
    List<String> goals = indicator.texts("goals", required);
    if (goals.isEmpty() && indicator.has("goals") && required) {
      indicator.problem("goals", "must name at least one goal");
    }
    goals.stream().filter(goal -> !goalIds.contains(goal))
        .forEach(goal -> indicator.problem("goals", "unknown goal '" + goal + "'"));
    return goals;
  }

  /** The fields every indicator has, own or national; empty after reporting what is wrong. */
  private static Optional<Indicator> definition(YamlMap indicator, Optional<String> id, List<String> goals,
      AlertingPolicy alerting) {
    int before = indicator.problemCount();
    Optional<String> name = indicator.requiredText("name");
    Optional<String> shortName = indicator.requiredText("shortName");
    Optional<String> description = indicator.requiredText("description");
    Optional<MeasurementUnit> unit = indicator.requiredCode("unit", MeasurementUnit::fromCode,
        Codes.codes(MeasurementUnit.class));
    Optional<Polarity> polarity = indicator.requiredCode("polarity", Polarity::fromCode, Codes.codes(Polarity.class));
    Optional<PeriodType> periodType = indicator.requiredCode("periodType", PeriodType::fromCode,
        Codes.codes(PeriodType.class));
    List<String> breakdowns = indicator.texts("breakdowns", false);
    breakdowns.stream().filter(b -> !BREAKDOWNS.contains(b)).forEach(b -> indicator.problem("breakdowns",
        "unknown breakdown '" + b + "'; expected one of " + String.join(", ", BREAKDOWNS)));
    Optional<String> system = indicator.requiredText("system");
    Optional<String> koladaKpi = indicator.optionalText("koladaKpi").filter(kpi -> {
      boolean valid = Slugs.KOLADA_KPI.matcher(kpi).matches();
      if (!valid) {
        indicator.problem("koladaKpi",
            "'" + kpi + "' is not a Kolada KPI id like N00945 (a capital letter and five digits)");
      }
      return valid;
    });
    Optional<String> legalBasis = indicator.optionalText("legalBasis");
    Optional<ValidRange> validRange = indicator.optionalMap("validRange").flatMap(IndicatorReader::validRange);
    Optional<Source> source = indicator.source(true);
    if (indicator.problemCount() != before || id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Indicator(id.get(), name.get(), shortName.get(), description.get(), unit.get(),
        polarity.get(), periodType.get(), breakdowns, system.get(), koladaKpi, legalBasis, validRange, goals,
        alerting, List.of(), source));
  }

  private static Optional<ValidRange> validRange(YamlMap block) {
    block.rejectUnknown(Set.of("min", "max"));
    OptionalDouble min = block.optionalNumber("min");
    OptionalDouble max = block.optionalNumber("max");
    if (min.isEmpty() && max.isEmpty()) {
      block.problem("", "needs min, max or both");
      return Optional.empty();
    }
    if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
      block.problem("min", "min " + Problems.plain(min.getAsDouble()) + " is greater than max "
          + Problems.plain(max.getAsDouble()));
      return Optional.empty();
    }
    return Optional.of(new ValidRange(min, max));
  }

  private static TargetReader.Shape shape(Optional<Indicator> definition) {
    return new TargetReader.Shape(definition.map(Indicator::unit), definition.map(Indicator::polarity),
        definition.map(Indicator::periodType), definition.flatMap(Indicator::validRange));
  }

  /**
   * Several targets from the same period for the same unit and kön are judged together (a band and a direction, or
   * a direction against the previous year and one against a baseline), but two of the same kind and reference there
   * are two values for one målvärde: an authoring mistake.
   */
  private static List<TargetRule> targets(YamlMap indicator, String key, TargetReader.Shape shape,
      TargetReader.Units units) {
    List<TargetRule> rules = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<YamlMap> entries = indicator.maps(key, false);
    for (int i = 0; i < entries.size(); i++) {
      Optional<TargetRule> rule = TargetReader.read(entries.get(i), shape, units);
      if (rule.isEmpty()) {
        continue;
      }
      TargetRule r = rule.get();
      String where = "from " + r.from() + r.until().map(u -> " until " + u).orElse("") + " for "
          + r.orgUnit().map(u -> "unit '" + u + "'").orElse("the root unit") + " and kön " + r.gender() + " ("
          + kind(r.target()) + (r.target() instanceof DirectionTarget d ? " against " + d.reference().code() : "")
          + ")";
      Integer earlier = seen.putIfAbsent(where, i);
      if (earlier != null) {
        indicator.problem(key + "[" + i + "].from", key + "[" + earlier + "] already sets the target " + where);
      }
      rules.add(r);
    }
    return rules;
  }

  /** The kind as written in the files. */
  public static String kind(Target target) {
    if (target instanceof ThresholdTarget) {
      return "threshold";
    } else if (target instanceof BandTarget) {
      return "band";
    } else if (target instanceof DirectionTarget) {
      return "direction";
    } else if (target instanceof RankTarget) {
      return "rank";
    } else if (target instanceof PathTarget) {
      return "path";
    }
    return "ordinal";
  }
}
