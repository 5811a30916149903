package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which målvärden lapsed at the turn of the year: the shipped catalog (Kalmar's årsmål 2022, tertialrapport
 * 000_63e6c9868031b1b7.txt, set for 2022 alone) and the test catalog with the targets of lapsing.yaml, which lapse at
 * the turn of 2026/2027 in every way a catalog lets them (a year alone, mid-year, one kön, a unit below a target "för
 * varje enhet", a unit that was closed, a new target that starts later in the year).
 */
class MissingTargetsTest {
  private static Catalog shipped;
  private static Catalog lapsing;

  @BeforeAll
  static void load(@TempDir Path folder) throws Exception {
    shipped = CatalogLoader.load(Path.of("config"), Fixtures.DEFAULTS).catalog();
    Fixtures.copy(Path.of(MissingTargetsTest.class.getResource("/catalog/valid").toURI()), folder);
    Fixtures.copy(Path.of(MissingTargetsTest.class.getResource("/catalog/lapsing").toURI()), folder);
    CatalogLoader.Result result = CatalogLoader.load(folder, Fixtures.DEFAULTS);
    assertThat(result.problems()).isEmpty();
    lapsing = result.catalog();
  }

  /** today | kommun | the missing ones: indicator@unit/kön last period, in catalog order ("" for none). */
  @ParameterizedTest(name = "shipped {1} on {0}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # 000 rad 1292, 461-469, 434, 475: the årsmål 2022 and the interim IBIC levels of 2022 lapse in 2023
      2023-01-05 | 0880 | ibic-uppfoljningar@myndighet-funktionsstod-vuxen/T 2022-D12; antal-langtidssjukskrivna@socialforvaltningen/T 2022-12; antal-langtidssjukskrivna@lednings-och-stodfunktioner/T 2022-12; antal-langtidssjukskrivna@vo-barn-och-familj/T 2022-12; antal-langtidssjukskrivna@vo-vuxen/T 2022-12; antal-langtidssjukskrivna@vo-funktionsstod-vuxen/T 2022-12; hme-placering-jamforelsekommuner@socialforvaltningen/T 2022; utrikesfodda-medarbetare-balanstal@socialforvaltningen/T 2022
      # on the last day of 2022 they are still in force
      2022-12-31 | 0880 | ''
      # a year later they are not last year's any more: the list is of what lapsed at this turn of the year
      2024-01-05 | 0880 | ''
      # standing targets and rules of law: nothing lapses in 2027
      2027-01-05 | 0880 | ''
      2027-01-05 | 0484 | ''
      2027-01-05 | 1381 | ''
      2027-01-05 | 1466 | ''
      """)
  void shippedCatalog(LocalDate today, String kommun, String expected) {
    assertThat(render(MissingTargets.of(shipped.kommun(kommun).orElseThrow(), today))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "test catalog {1} on {0}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # a year alone; mid-year; a kön's own target without one for totalt at its unit; a new target from T2 only.
      # Not listed: K (judged by the standing target for totalt), the unit below a target för varje enhet.
      2027-01-05 | 9001 | lapsar-arsmal@socialforvaltningen/T 2026-T3; lapsar-mitt-i-aret@vo-funktionsstod/T 2026-T2; lapsar-for-kvinnor@vo-funktionsstod/M 2026; ersatt-fran-tertial-2@socialforvaltningen/T 2026-T3
      # from tertial 2 the new target judges: only the others are still missing
      2027-05-15 | 9001 | lapsar-arsmal@socialforvaltningen/T 2026-T3; lapsar-mitt-i-aret@vo-funktionsstod/T 2026-T2; lapsar-for-kvinnor@vo-funktionsstod/M 2026
      # 2022 alone (the band); HSL-teamet was closed at the turn of the year, so its lapsed target is not missed
      2023-01-05 | 9001 | balanstal-utrikesfodda@socialforvaltningen/T 2022
      # mid-2026 the target that ended after T2 is missing for T3, having applied in 2025
      2026-09-15 | 9001 | lapsar-mitt-i-aret@vo-funktionsstod/T 2025-T3
      2026-06-01 | 9001 | ''
      2027-01-05 | 9002 | ''
      """)
  void lapsingTargets(LocalDate today, String kommun, String expected) {
    assertThat(render(MissingTargets.of(lapsing.kommun(kommun).orElseThrow(), today))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      2027-01-05 | 9001=4, 9002=0
      2026-06-01 | 9001=0, 9002=0
      """)
  void everyKommunIsListedInCatalogOrder(LocalDate today, String counts) {
    Map<String, List<MissingTargets.Missing>> all = MissingTargets.of(lapsing, today);
    assertThat(String.join(", ", all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList()))
        .isEqualTo(counts);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      lapsar-arsmal | 2026-T3 | 2002
      lapsar-for-kvinnor | 2026 | 2008
      """)
  void theTargetsOfTheLastPeriodAreKeptForTheList(String indicator, String period, int line) {
    MissingTargets.Missing missing = MissingTargets.of(lapsing.kommun("9001").orElseThrow(), LocalDate.of(2027, 1, 5))
        .stream().filter(m -> m.indicator().id().equals(indicator)).findFirst().orElseThrow();
    assertThat(missing.lastPeriod().notation()).isEqualTo(period);
    assertThat(missing.lastTargets()).singleElement()
        .satisfies(rule -> assertThat(rule.source().orElseThrow().line()).isEqualTo(line));
  }

  private static String render(List<MissingTargets.Missing> missing) {
    return String.join("; ", missing.stream()
        .map(m -> m.indicator().id() + "@" + m.orgUnit() + "/" + m.gender() + " " + m.lastPeriod().notation())
        .toList());
  }
}
