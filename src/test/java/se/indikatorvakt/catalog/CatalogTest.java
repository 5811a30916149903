package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {
  private final Catalog catalog = Fixtures.validCatalog();

  /**
   * The valid fixture's väntetid: ≤ 90 from 2022 for the förvaltning and below, ≤ 100 for 2022-T2 alone, ≤ 80 from
   * 2024; DV Norr's own < 60 from 2022, < 50 from 2022-T3, and < 55 for kvinnor from 2022.
   */
  @ParameterizedTest(name = "{0} {1} in {2}: {3}")
  @CsvSource({
      "socialforvaltningen,    T, 2021-T3, inget mål",
      "socialforvaltningen,    T, 2022-T1, ≤ 90 dagar",
      "socialforvaltningen,    T, 2022-T2, ≤ 100 dagar",
      "socialforvaltningen,    T, 2022-T3, ≤ 90 dagar",
      "socialforvaltningen,    T, 2023-T1, ≤ 90 dagar",
      "socialforvaltningen,    T, 2027-T3, ≤ 80 dagar",
      "vo-funktionsstod,       T, 2022-T1, ≤ 90 dagar",
      "hsl-teamet,             K, 2023-T1, ≤ 90 dagar",
      "daglig-verksamhet-norr, T, 2022-T1, < 60 dagar",
      "daglig-verksamhet-norr, T, 2022-T3, < 50 dagar",
      "daglig-verksamhet-norr, T, 2026-T1, < 50 dagar",
      "daglig-verksamhet-norr, K, 2022-T3, < 55 dagar",
      "daglig-verksamhet-norr, M, 2022-T3, < 50 dagar",
  })
  void standingTargetAppliesUntilReplacedAndTheUnitsOwnAndTheKonsOwnComeFirst(String unit, Gender gender,
      String period, String expected) {
    Indicator vantetid = catalog.indicator("vantetid-daglig-verksamhet").orElseThrow();

    assertThat(describe(catalog.targetsFor(vantetid, unit, gender, Period.parse(PeriodType.TERTIAL, period))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} for {1} in {2}: {3}")
  @CsvSource({
      // a total set for the nämnd judges the nämnd's own figure, never an enhet's
      "grannby-avvikelser,        grannby-forvaltningen,  2022-D8,    ≥ 2217 st",
      "grannby-avvikelser,        grannby-hemtjanst,      2022-D8,    inget mål",
      // "för varje enhet": a share judges the units below, not the units above
      "sjukfranvaro,              daglig-verksamhet-norr, 2023-05-R12, ≤ 7 %",
      "sjukfranvaro,              socialforvaltningen,    2023-05-R12, inget mål",
      // each kommun judges a national indicator by its own målvärde
      "vantetid-forsorjningsstod, socialforvaltningen,    2025,       ≤ 15 dagar",
      "vantetid-forsorjningsstod, grannby-forvaltningen,  2025,       ≤ 20 dagar",
      // a rule of law holds in every unit with no end
      "forhandsbedomningar-over-14-dagar, daglig-verksamhet-norr, 2031-03-05, ≤ 0 st",
      // one period alone: the next year has no target
      "balanstal-utrikesfodda,    socialforvaltningen,    2023,       inget mål",
      // a target for one interim period judges that period alone, not the delår before or after it
      "antal-anmalningar,         socialforvaltningen,    2023-D4,    ≤ 30 st",
      "antal-anmalningar,         socialforvaltningen,    2023-D3,    minska jämfört med samma period föregående år + minska med minst 10 % jämfört med 2022 (42 st)",
      // several targets of one period are judged together
      "antal-anmalningar,         socialforvaltningen,    2023-D8,    minska jämfört med samma period föregående år + minska med minst 10 % jämfört med 2022 (42 st)",
  })
  void scopeDecidesWhichUnitsATargetJudges(String indicatorId, String unit, String period, String expected) {
    Indicator indicator = catalog.indicator(indicatorId).orElseThrow();
    Period parsed = Period.parse(indicator.periodType(), period);

    assertThat(describe(catalog.targetsFor(indicator, unit, Gender.T, parsed))).isEqualTo(expected);
  }

  @Test
  void noTargetOfOneKommunJudgesAnotherKommunsUnit() {
    Indicator grannbys = catalog.indicator("grannby-avvikelser").orElseThrow();

    assertThat(catalog.targetsFor(grannbys, "socialforvaltningen", Gender.T, Period.parse(PeriodType.INTERIM,
        "2022-D8"))).isEmpty();
    assertThat(catalog.indicator("grannby-avvikelser", "socialforvaltningen")).isEmpty();
    assertThat(catalog.indicator("grannby-avvikelser", "grannby-hemtjanst")).isPresent();
  }

  @Test
  void indicatorsAreFoundByIdAndKoladaKpi() {
    assertThat(catalog.indicator("okand")).isEmpty();
    assertThat(catalog.byKoladaKpi("U23471")).extracting(Indicator::id).containsExactly("rang-brukarbedomning");
    assertThat(catalog.byKoladaKpi("N00945")).isEmpty();
    assertThat(catalog.organisation().unitForKoladaMunicipality("9002")).contains("grannby-forvaltningen");
  }

  private static String describe(List<TargetRule> rules) {
    return rules.isEmpty() ? "inget mål"
        : String.join(" + ", rules.stream().map(rule -> rule.target().describeSwedish()).toList());
  }
}
