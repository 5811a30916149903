package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

class CatalogLoaderTest {
  @TempDir
  Path folder;

  @Test
  void validCatalogLoadsEveryIndicatorGoalAndUnit() {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.resource("valid"), Fixtures.DEFAULTS);

    assertThat(result.problems()).isEmpty();
    assertThat(result.isValid()).isTrue();
    Catalog catalog = result.catalog();
    assertThat(catalog.indicators()).extracting(Indicator::id).containsExactly("vantetid-daglig-verksamhet",
        "balanstal-utrikesfodda", "antal-anmalningar", "rang-brukarbedomning", "sjukfranvaro");
    assertThat(catalog.goals()).extracting(Goal::id)
        .containsExactly("tillganglig-vard-och-omsorg", "foredome-som-arbetsgivare");
    assertThat(catalog.goals().get(1).description()).isEmpty();
    assertThat(catalog.organisation().units()).hasSize(4);
    assertThat(catalog.organisation().municipalityName()).isEqualTo("Testby kommun");
  }

  @Test
  void indicatorKeepsEveryFieldOfTheFile() {
    Indicator indicator = Fixtures.validCatalog().indicator("vantetid-daglig-verksamhet").orElseThrow();

    assertThat(indicator.name()).isEqualTo("Väntetid till daglig verksamhet (LSS)");
    assertThat(indicator.description()).startsWith("Antal dagar från beslut");
    assertThat(indicator.unit()).isEqualTo(MeasurementUnit.DAGAR);
    assertThat(indicator.polarity()).isEqualTo(Polarity.LOWER_IS_BETTER);
    assertThat(indicator.periodType()).isEqualTo(PeriodType.TERTIAL);
    assertThat(indicator.breakdowns()).containsExactly("orgUnit");
    assertThat(indicator.source()).isEqualTo("Treserva");
    assertThat(indicator.koladaKpi()).contains("U28418");
    assertThat(indicator.legalBasis()).contains("LSS 28 f §");
    assertThat(indicator.goals()).containsExactly("tillganglig-vard-och-omsorg");
    assertThat(indicator.provenance()).contains("rad 1303");
    assertThat(indicator.targets()).hasSize(4);
    assertThat(indicator.targets().get(0)).isEqualTo(new TargetRule("2022", Optional.empty(),
        new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, 90, OptionalDouble.of(120))));
    assertThat(indicator.targets().get(2).orgUnit()).contains("daglig-verksamhet-norr");
  }

  @Test
  void alertingFieldsAbsentFromTheFileComeFromTheDefaults() {
    Catalog catalog = Fixtures.validCatalog();

    assertThat(catalog.indicator("vantetid-daglig-verksamhet").orElseThrow().alerting()).isEqualTo(
        new AlertingPolicy(1, Duration.ZERO, 5, false, Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(30)));
    assertThat(catalog.indicator("balanstal-utrikesfodda").orElseThrow().alerting()).isEqualTo(Fixtures.DEFAULTS);
  }

  @Test
  void unquotedYearsAndDatesMeanWhatTheAuthorWrote() {
    Catalog catalog = Fixtures.validCatalog();

    assertThat(catalog.indicator("rang-brukarbedomning").orElseThrow().targets().get(0).from())
        .isEqualTo("2022");
    OrgUnit hsl = catalog.organisation().unit("hsl-teamet").orElseThrow();
    assertThat(hsl.validFrom()).isEqualTo(LocalDate.of(2020, 1, 1));
    assertThat(hsl.validTo()).contains(LocalDate.of(2022, 12, 31));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "unknown-unit                | indicators.yaml: indicator 'vantetid-lss' field unit: unknown value 'liter'; expected one of procent, dagar, antal, kr, tkr, index, rang",
      "band-min-greater-than-max   | indicators.yaml: indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3",
      "target-period-of-other-type | indicators.yaml: indicator 'vantetid-lss' field targets[1].period: '2022-Q2' is not a period of the indicator's type tertial; expected a tertial like 2022-T1 or a year like 2022",
      "duplicate-indicator-id      | indicators.yaml: indicator 'vantetid-lss' field id: duplicate indicator id 'vantetid-lss'",
      "unknown-org-unit            | indicators.yaml: indicator 'vantetid-lss' field targets[0].orgUnit: unknown org unit 'daglig-verksamhet-soder'",
      "unknown-goal                | indicators.yaml: indicator 'vantetid-lss' field goals: unknown goal 'trygg-och-saker-vard'",
      "duplicate-target            | indicators.yaml: indicator 'vantetid-lss' field targets[2].period: targets[0] already sets the target for 2022 for unit 'vo-funktionsstod'",
      "warning-on-good-side        | indicators.yaml: indicator 'vantetid-lss' field targets[0].warning: warning line 60 is on the good side of the target <= 90; it must be at least 90",
      "comparator-against-polarity | indicators.yaml: indicator 'vantetid-lss' field targets[0].comparator: comparator >= contradicts polarity lower-is-better",
      "malformed-duration          | indicators.yaml: indicator 'vantetid-lss' field alerting.escalateAfter: malformed duration '7 days'; expected ISO-8601 like P7D, PT12H or PT0S",
      "bad-kolada-kpi              | indicators.yaml: indicator 'vantetid-lss' field koladaKpi: 'n945' is not a Kolada KPI id like N00945 (a capital letter and five digits)",
      "misspelt-field              | indicators.yaml: indicator 'vantetid-lss' field targets[0].warnign: unknown field; expected one of comparator, kind, orgUnit, period, value, warning",
      "bad-email                   | organisation.yaml: unit 'socialforvaltningen' field managers[0].email: malformed email address 'socialchef at testby.example'",
      "parent-cycle                | organisation.yaml: unit 'vo-funktionsstod' field parent: the parent chain forms a cycle: vo-funktionsstod -> daglig-verksamhet-norr -> vo-funktionsstod",
      "two-roots                   | organisation.yaml: unit 'vo-funktionsstod' field parent: only the root may have no parent, and 'socialforvaltningen' already is the root",
      "unknown-parent              | organisation.yaml: unit 'vo-funktionsstod' field parent: unknown org unit 'omsorgsforvaltningen'",
      "overlapping-managers        | organisation.yaml: unit 'socialforvaltningen' field managers[1]: validity from 2022-05-12 overlaps managers[0] (T f socialchef, valid from 2022-01-01 to 2022-05-12)",
      "valid-to-before-valid-from  | organisation.yaml: unit 'vo-funktionsstod' field validTo: validTo 2019-12-31 is before validFrom 2020-01-01",
  })
  void brokenCatalogIsRefusedWithAProblemThatLocatesTheMistake(String fixture, String problem) {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.broken(fixture, folder), Fixtures.DEFAULTS);

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(CatalogProblem::toString).containsExactly(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "duplicate-yaml-key | indicators.yaml: not valid YAML: ",
      "not-yaml           | organisation.yaml: not valid YAML: ",
  })
  void unreadableYamlIsRefusedNamingTheFile(String fixture, String start) {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.broken(fixture, folder), Fixtures.DEFAULTS);

    assertThat(result.problems()).singleElement().asString().startsWith(start);
  }

  @Test
  void everyProblemOfBothFilesIsReportedInOneLoad() throws IOException {
    Fixtures.broken("bad-email", folder);
    Files.writeString(folder.resolve("indicators.yaml"), Files.readString(
        Fixtures.resource("broken/band-min-greater-than-max/indicators.yaml")).replace("unit: dagar", "unit: liter")
        .replace("[tillganglig-vard-och-omsorg]", "[tillganglig-vard-och-omsorg, okant-mal]"));

    List<String> problems = CatalogLoader.load(folder, Fixtures.DEFAULTS).problems().stream()
        .map(CatalogProblem::toString).toList();

    assertThat(problems).containsExactlyInAnyOrder(
        "organisation.yaml: unit 'socialforvaltningen' field managers[0].email: malformed email address "
            + "'socialchef at testby.example'",
        "indicators.yaml: indicator 'vantetid-lss' field unit: unknown value 'liter'; expected one of procent, "
            + "dagar, antal, kr, tkr, index, rang",
        "indicators.yaml: indicator 'vantetid-lss' field goals: unknown goal 'okant-mal'",
        "indicators.yaml: indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3");
  }

  @Test
  void missingFilesAreBothReported() {
    List<CatalogProblem> problems = CatalogLoader.load(folder, Fixtures.DEFAULTS).problems();

    assertThat(problems).extracting(CatalogProblem::file).containsExactly("organisation.yaml", "indicators.yaml");
    assertThat(problems.get(0).message()).startsWith("file not found in ");
  }

  @Test
  void invalidResultHasNoCatalog() {
    CatalogLoader.Result result = CatalogLoader.load(folder, Fixtures.DEFAULTS);

    assertThatThrownBy(result::catalog).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("organisation.yaml: file not found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "entry and field | indicator 'vantetid-lss' | targets[1].min | indicators.yaml: indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3",
      "entry only      | indicator 'vantetid-lss' | \"\"           | indicators.yaml: indicator 'vantetid-lss': band min 5 is greater than max 3",
      "field only      | \"\"                     | goals          | indicators.yaml: field goals: band min 5 is greater than max 3",
      "whole file      | \"\"                     | \"\"           | indicators.yaml: band min 5 is greater than max 3",
  })
  void problemReadsAsFileEntryFieldAndMessage(String name, String entry, String field, String text) {
    assertThat(new CatalogProblem("indicators.yaml", entry, field, "band min 5 is greater than max 3"))
        .hasToString(text);
  }

  @Test
  void shippedCatalogIsValid() {
    Path config = Path.of("config");

    CatalogLoader.Result result = CatalogLoader.load(config, Fixtures.DEFAULTS);

    assertThat(result.problems()).isEmpty();
    assertThat(result.catalog().indicators()).isNotEmpty();
  }
}
