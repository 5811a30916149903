package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

/**
 * Which målvärden judge a value: standing from a period, replaced by a later decision, scoped to a unit, per kön.
 * Each rule below names the seed document line its målvärde comes from; the later decisions (2024, 2025) are
 * invented for the test only, to show replacement.
 */
class TargetSelectionTest {
  private static final String KALMAR = "socialforvaltningen";
  private static final String FUNKTIONSSTOD = "vo-funktionsstod";
  private static final String DV = "daglig-verksamhet";
  private static final String DV_NORR = "daglig-verksamhet-norr";
  private static final OptionalDouble NONE = OptionalDouble.empty();

  /** 000_63e6c9868031b1b7.txt:1322, Skälig väntetid "Mål 2022" 90 dagar, standing; later decisions for the test. */
  private static final List<TargetRule> VANTETID = List.of(
      rule("2022", null, DV, TargetScope.UNIT, Gender.T, atMost(90, MeasurementUnit.DAGAR)),
      rule("2024", null, DV, TargetScope.UNIT, Gender.T, atMost(60, MeasurementUnit.DAGAR)),
      rule("2025", "2025", DV, TargetScope.UNIT, Gender.T, atMost(50, MeasurementUnit.DAGAR)),
      rule("2023-T2", null, DV_NORR, TargetScope.UNIT, Gender.T, atMost(40, MeasurementUnit.DAGAR)));

  /**
   * 001_f694a8ad6a7b67a2.txt:496, Eskilstuna total sjukfrånvaro Mål 2023 7,0 %, set here "för varje enhet"; a unit's
   * own 6 % and a target for kvinnor of 7,5 % are invented for the test.
   */
  private static final List<TargetRule> SJUKFRANVARO = List.of(
      rule("2023", null, null, TargetScope.UNIT_AND_BELOW, Gender.T, atMost(7, MeasurementUnit.PROCENT)),
      rule("2023", null, FUNKTIONSSTOD, TargetScope.UNIT, Gender.T, atMost(6, MeasurementUnit.PROCENT)),
      rule("2023", null, null, TargetScope.UNIT_AND_BELOW, Gender.K, atMost(7.5, MeasurementUnit.PROCENT)));

  /** 003_71a42323f05a3944.txt:375, Herrljunga antal uppkomna avvikelser Mål 2021 2 217, a total for the nämnd. */
  private static final List<TargetRule> AVVIKELSER = List.of(
      rule("2021", null, null, TargetScope.UNIT, Gender.T, new ThresholdTarget(MeasurementUnit.ANTAL, Comparison.AT_LEAST,
          2217, NONE)));

  /** 000_63e6c9868031b1b7.txt:475, balanstal "ska öka för att nå ett balanstal mellan 0,8 och 1,0": two together. */
  private static final List<TargetRule> BALANSTAL = List.of(
      rule("2022", null, null, TargetScope.UNIT, Gender.T, new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE)),
      rule("2022", null, null, TargetScope.UNIT, Gender.T, new DirectionTarget(MeasurementUnit.INDEX, Direction.INCREASE,
          NONE, NONE)));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "from 2022 judges 2022-T1                                  | tertial | 2022-T1 | daglig-verksamhet | ≤ 90 dagar",
      "and still 2023-T3: it stands until replaced               | tertial | 2023-T3 | daglig-verksamhet | ≤ 90 dagar",
      "the 2024 decision replaces it                             | tertial | 2024-T1 | daglig-verksamhet | ≤ 60 dagar",
      "a target for 2025 alone                                   | tertial | 2025-T2 | daglig-verksamhet | ≤ 50 dagar",
      "after 2025 the 2024 decision stands again                 | tertial | 2026-T1 | daglig-verksamhet | ≤ 60 dagar",
      "a year target judges a quarter                            | quarter | 2026-Q3 | daglig-verksamhet | ≤ 60 dagar",
      "a year target judges a year far on (no date bomb)         | year    | 2040    | daglig-verksamhet | ≤ 60 dagar",
      "before its first period there is no target                | tertial | 2021-T3 | daglig-verksamhet | ",
      "a unit's own target from 2023-T2                          | tertial | 2023-T2 | daglig-verksamhet-norr | ≤ 40 dagar",
      "is not in force in 2023-T1, and the parent's is unit-only | tertial | 2023-T1 | daglig-verksamhet-norr | ",
      "from 2023-T2 judges the interim period jan–aug            | interim | 2023-D8 | daglig-verksamhet-norr | ≤ 40 dagar",
      "but not jan–apr                                           | interim | 2023-D4 | daglig-verksamhet-norr | ",
      "the parent's unit-scope target never judges the unit below| tertial | 2024-T1 | daglig-verksamhet-norr | ≤ 40 dagar",
  })
  void standingTargetsAreSelectedByPeriod(String description, String type, String period, String unit,
      String expected) {
    assertThat(select(VANTETID, type, period, unit, Gender.T, MeasurementUnit.DAGAR)).isEqualTo(list(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "the kommun's own value                            | socialforvaltningen    | T | ≤ 7 %",
      "för varje enhet: a unit two levels down           | daglig-verksamhet-norr | T | ≤ 7 %",
      "a unit's own target wins over the one from above  | vo-funktionsstod       | T | ≤ 6 %",
      "kvinnor have their own                            | daglig-verksamhet-norr | K | ≤ 7,5 %",
      "män without their own are judged by the T target  | daglig-verksamhet-norr | M | ≤ 7 %",
      "the nearest unit decides, before kön              | vo-funktionsstod       | K | ≤ 6 %",
  })
  void scopeAndKonDecideWhichTargetJudgesAUnitsValue(String description, String unit, Gender gender,
      String expected) {
    assertThat(select(SJUKFRANVARO, "year", "2023", unit, gender, MeasurementUnit.PROCENT)).isEqualTo(list(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "the nämnd's total judges the nämnd's own value       | socialforvaltningen    | T | ≥ 2\u00a0217 st",
      "it is never inherited by a unit below by default     | vo-funktionsstod       | T | ",
      "nor by one kön: a total for both is not one for each | socialforvaltningen    | K | ",
  })
  void aTotalIsOnlyTheTotalOfTheUnitItWasSetFor(String description, String unit, Gender gender, String expected) {
    assertThat(select(AVVIKELSER, "year", "2021", unit, gender, MeasurementUnit.ANTAL)).isEqualTo(list(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a band and a direction from the same period stand together | 2022 | 0,8–1,0 + öka",
      "and keep standing                                          | 2027 | 0,8–1,0 + öka",
  })
  void severalTargetsFromTheSamePeriodAreSelectedTogether(String description, String period, String expected) {
    assertThat(select(BALANSTAL, "year", period, KALMAR, Gender.T, MeasurementUnit.INDEX)).isEqualTo(list(expected));
  }

  private static List<String> select(List<TargetRule> rules, String type, String period, String unit, Gender gender,
      MeasurementUnit measured) {
    Period at = Period.parse(PeriodType.fromCode(type).orElseThrow(), period);
    return TargetSelection.select(rules, at, chain(unit), gender, measured).stream()
        .map(rule -> rule.target().describeSwedish()).toList();
  }

  private static List<String> chain(String unit) {
    return switch (unit) {
      case DV_NORR -> List.of(DV_NORR, DV, FUNKTIONSSTOD, KALMAR);
      case DV -> List.of(DV, FUNKTIONSSTOD, KALMAR);
      case FUNKTIONSSTOD -> List.of(FUNKTIONSSTOD, KALMAR);
      default -> List.of(KALMAR);
    };
  }

  private static List<String> list(String expected) {
    return expected == null ? List.of() : Arrays.stream(expected.split(" \\+ ")).toList();
  }

  private static TargetRule rule(String from, String until, String unit, TargetScope scope, Gender gender, Target target) {
    return new TargetRule(from, Optional.ofNullable(until), Optional.ofNullable(unit), scope, gender, target);
  }

  private static ThresholdTarget atMost(double value, MeasurementUnit unit) {
    return new ThresholdTarget(unit, Comparison.AT_MOST, value, NONE);
  }
}
