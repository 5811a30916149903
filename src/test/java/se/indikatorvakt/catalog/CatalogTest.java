package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {
  private final Catalog catalog = Fixtures.validCatalog();
  private final Indicator vantetid = catalog.indicator("vantetid-daglig-verksamhet").orElseThrow();

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource({
      // the unit's own for exactly the period > the unit's own for the year > everyone's exact > everyone's year
      "daglig-verksamhet-norr, 2022-T3, < 50 dagar",
      "daglig-verksamhet-norr, 2022-T2, < 60 dagar",
      "daglig-verksamhet-norr, 2022-T1, < 60 dagar",
      "vo-funktionsstod,       2022-T2, ≤ 100 dagar",
      "vo-funktionsstod,       2022-T3, ≤ 90 dagar",
      "socialforvaltningen,    2022-T1, ≤ 90 dagar",
  })
  void mostSpecificTargetApplies(String unit, String period, String target) {
    Period tertial = Period.parse(PeriodType.TERTIAL, period);

    assertThat(catalog.targetFor(vantetid, unit, tertial)).hasValueSatisfying(
        rule -> assertThat(rule.target().describeSwedish()).isEqualTo(target));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"daglig-verksamhet-norr, 2023-T1", "socialforvaltningen, 2021-T3", "socialforvaltningen, 2023-T1"})
  void periodOutsideEveryTargetHasIngetMal(String unit, String period) {
    assertThat(catalog.targetFor(vantetid, unit, Period.parse(PeriodType.TERTIAL, period))).isEmpty();
  }

  @Test
  void yearTargetAppliesToEveryInterimPeriodOfTheYearAndExactOneWins() {
    Indicator anmalningar = catalog.indicator("antal-anmalningar").orElseThrow();

    assertThat(catalog.targetFor(anmalningar, "socialforvaltningen", Period.parse(PeriodType.INTERIM, "2023-D4"))
        .map(rule -> rule.target().describeSwedish())).contains("minska");
    assertThat(catalog.targetFor(anmalningar, "socialforvaltningen", Period.parse(PeriodType.INTERIM, "2023-D8"))
        .map(rule -> rule.target().describeSwedish())).contains("minska från 42 st");
  }

  @Test
  void indicatorsAreFoundByIdAndKoladaKpi() {
    assertThat(catalog.indicator("okand")).isEmpty();
    assertThat(catalog.byKoladaKpi("U23471")).extracting(Indicator::id).containsExactly("rang-brukarbedomning");
    assertThat(catalog.byKoladaKpi("N00945")).isEmpty();
  }
}
