package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which målvärden judge a value, pure.
 *
 * <p>A rule is in force for a period when it is in force on the period's last day: its {@code from} period has begun
 * by then and its {@code until} period, if any, has not ended. So a year target from "2022" judges 2022-T1, 2026-Q3
 * and 2027 alike, and one from "2022-T2" judges the interim period 2022-D8 but not 2022-T1. A {@code from} in the
 * value's own notation is the first period of the sequence: "2023-D8" judges 2023-D8 and later, not 2023-D4, though
 * both begin in January.
 *
 * <p>The value's own unit is looked at first, then each unit above it, nearest first; a unit above counts only with
 * its rules of scope {@link TargetScope#UNIT_AND_BELOW}. The first unit with a rule in force decides. At that
 * unit the rules for the value's own kön are used; for K and M without their own, the T rules, except for totals
 * (antal, kr, tkr), since a total for both kön is not a target for one. Among the rules used, the one with the latest
 * {@code from} stands (a later decision replaces an earlier one), of equal starts the one from the narrower period;
 * several from the same period stand together and are judged together. A rule whose {@code until} has passed no longer replaces the standing rule before it.
 */
public final class TargetSelection {
  private TargetSelection() {}

  /**
   * @param unitAndAncestors the value's unit first, then its parent and so on up to the kommun's top unit, which is
   *     the unit of every rule without {@code orgUnit}
   * @return the rules that judge the value, empty for "inget mål"
   */
  public static List<TargetRule> select(List<TargetRule> rules, Period period, List<String> unitAndAncestors,
      Gender gender, MeasurementUnit unit) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(unit, "unit");
    if (unitAndAncestors.isEmpty()) {
      throw new IllegalArgumentException("the unit chain must hold at least the value's own unit");
    }
    String top = unitAndAncestors.get(unitAndAncestors.size() - 1);
    for (int level = 0; level < unitAndAncestors.size(); level++) {
      String unitId = unitAndAncestors.get(level);
      boolean own = level == 0;
      List<TargetRule> candidates = rules.stream()
          .filter(rule -> rule.orgUnit().orElse(top).equals(unitId))
          .filter(rule -> own || rule.scope() == TargetScope.UNIT_AND_BELOW)
          .filter(rule -> inForce(rule, period))
          .toList();
      List<TargetRule> chosen = ofGender(candidates, gender);
      if (chosen.isEmpty() && gender != Gender.T && !unit.isTotal()) {
        chosen = ofGender(candidates, Gender.T);
      }
      if (!chosen.isEmpty()) {
        return latest(chosen);
      }
    }
    return List.of();
  }

  /** @throws IllegalArgumentException when {@code from} or {@code until} is not a period notation */
  public static boolean inForce(TargetRule rule, Period period) {
    LocalDate lastDay = period.end();
    Period from = rule.fromPeriod();
    boolean begun = from.type() == period.type() ? !from.end().isAfter(lastDay) : !from.start().isAfter(lastDay);
    boolean ended = rule.until().map(until -> Period.parseAny(until).end().isBefore(lastDay)).orElse(false);
    return begun && !ended;
  }

  private static List<TargetRule> ofGender(List<TargetRule> rules, Gender gender) {
    return rules.stream().filter(rule -> rule.gender() == gender).toList();
  }

  /** The latest start wins; of equal starts the narrower period (2023-D8 before 2023), which is the more specific. */
  private static List<TargetRule> latest(List<TargetRule> rules) {
    Comparator<Period> order = Comparator.comparing(Period::start).reversed().thenComparing(Period::end);
    Period best = rules.stream().map(TargetSelection::from).min(order).orElseThrow();
    Predicate<TargetRule> standing = rule -> order.compare(from(rule), best) == 0;
    return rules.stream().filter(standing).toList();
  }

  private static Period from(TargetRule rule) {
    return rule.fromPeriod();
  }
}
