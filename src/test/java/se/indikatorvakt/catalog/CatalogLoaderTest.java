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
import se.indikatorvakt.catalog.DirectionTarget.ChangeUnit;
import se.indikatorvakt.catalog.DirectionTarget.Reference;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

class CatalogLoaderTest {
  private static final String CATALOG = "kommun 9001: kommuner/9001-testby/indicators/catalog.yaml: ";
  private static final String ORGANISATION = "kommun 9001: kommuner/9001-testby/organisation.yaml: ";

  @TempDir
  Path folder;

  @Test
  void validCatalogLoadsEveryKommunWithItsOwnOrganisationGoalsAndIndicators() {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.resource("valid"), Fixtures.DEFAULTS);

    assertThat(result.problems()).isEmpty();
    Catalog catalog = result.catalog();
    assertThat(catalog.kommuner()).extracting(Kommun::code, Kommun::name, Kommun::rootUnit).containsExactly(
        org.assertj.core.groups.Tuple.tuple("9001", "Testby kommun", "socialforvaltningen"),
        org.assertj.core.groups.Tuple.tuple("9002", "Grannby kommun", "grannby-forvaltningen"));
    Kommun testby = catalog.kommun("9001").orElseThrow();
    assertThat(testby.indicators()).extracting(Indicator::id).containsExactly("forhandsbedomningar-over-14-dagar",
        "vantetid-forsorjningsstod", "vantetid-daglig-verksamhet", "balanstal-utrikesfodda", "antal-anmalningar",
        "rang-brukarbedomning", "sjukfranvaro", "andel-nojda-brukare", "betyg-bemotande");
    assertThat(catalog.kommun("9002").orElseThrow().indicators()).extracting(Indicator::id)
        .containsExactly("vantetid-forsorjningsstod", "grannby-avvikelser");
    assertThat(testby.goals()).extracting(Goal::id)
        .containsExactly("tillganglig-vard-och-omsorg", "foredome-som-arbetsgivare");
    assertThat(testby.organisation().units()).hasSize(4);
    assertThat(catalog.organisation().units()).hasSize(6);
    assertThat(catalog.kommunOf("grannby-hemtjanst")).map(Kommun::code).contains("9002");
    assertThat(catalog.organisation().chainUpwards("grannby-hemtjanst")).extracting(OrgUnit::id)
        .containsExactly("grannby-hemtjanst", "grannby-forvaltningen");
  }

  @Test
  void kommunKeepsEveryFieldOfItsKommunYaml() {
    Kommun.Profile testby = Fixtures.validCatalog().kommun("9001").orElseThrow().profile();

    assertThat(testby.board()).isEqualTo("Socialnämnden");
    assertThat(testby.administration()).isEqualTo("Socialförvaltningen");
    assertThat(testby.sender()).isEqualTo(new Kommun.Sender("Socialförvaltningen i Testby <indikatorvakt@testby.example>",
        Optional.of("soc@testby.example")));
    assertThat(testby.catalogOwner()).contains(new Kommun.CatalogOwner("kvalitetsstrateg",
        "kvalitetsstrateg@testby.example"));
    assertThat(testby.reportPeriods()).containsExactly(PeriodType.TERTIAL, PeriodType.YEAR);
    assertThat(testby.alerting().escalateAfter()).isEqualTo(Duration.ofDays(10));
    assertThat(testby.source()).contains(new Source("000_test.txt", 13));
  }

  @Test
  void indicatorKeepsEveryFieldOfTheFile() {
    Indicator indicator = Fixtures.validCatalog().indicator("vantetid-daglig-verksamhet").orElseThrow();

    assertThat(indicator.name()).isEqualTo("Väntetid till daglig verksamhet (LSS)");
    assertThat(indicator.shortName()).isEqualTo("Väntetid daglig verksamhet");
    assertThat(indicator.description()).startsWith("Antal dagar från beslut");
    assertThat(indicator.unit()).isEqualTo(MeasurementUnit.DAGAR);
    assertThat(indicator.polarity()).isEqualTo(Polarity.LOWER_IS_BETTER);
    assertThat(indicator.periodType()).isEqualTo(PeriodType.TERTIAL);
    assertThat(indicator.breakdowns()).containsExactly("orgUnit", "gender");
    assertThat(indicator.system()).isEqualTo("Treserva");
    assertThat(indicator.koladaKpi()).contains("U28418");
    assertThat(indicator.legalBasis()).contains("LSS 28 f §");
    assertThat(indicator.goals()).containsExactly("tillganglig-vard-och-omsorg");
    assertThat(indicator.source()).contains(new Source("000_test.txt", 1303));
    assertThat(indicator.targets()).hasSize(6);
    assertThat(indicator.targets().get(0)).isEqualTo(new TargetRule("2022", Optional.empty(), Optional.empty(),
        TargetScope.UNIT_AND_BELOW, Gender.T,
        new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, 90, OptionalDouble.of(120)), true,
        Optional.of(new Decision("Socialnämnden", Optional.of(LocalDate.of(2021, 11, 24)), Optional.of("§ 98"))),
        Optional.of(new Source("000_test.txt", 1322))));
    assertThat(indicator.targets().get(1).until()).contains("2022-T2");
    assertThat(indicator.targets().get(3).orgUnit()).contains("daglig-verksamhet-norr");
    assertThat(indicator.targets().get(5).gender()).isEqualTo(Gender.K);
  }

  @Test
  void everyTargetKindIsReadIntoItsRecord() {
    Catalog catalog = Fixtures.validCatalog();

    assertThat(catalog.indicator("antal-anmalningar").orElseThrow().targets()).extracting(TargetRule::target)
        .startsWith(
            new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.DECREASE,
                Reference.SAME_PERIOD_LAST_YEAR, OptionalDouble.empty(), Optional.empty(), Optional.empty(),
                OptionalDouble.of(2)),
            new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.DECREASE, Reference.BASELINE,
                OptionalDouble.of(42), Optional.of("2022"),
                Optional.of(new DirectionTarget.Change(10, ChangeUnit.PERCENT)), OptionalDouble.empty()));
    assertThat(catalog.indicator("andel-nojda-brukare").orElseThrow().targets().get(0).target())
        .isEqualTo(new PathTarget(MeasurementUnit.PROCENT, "2021", 60, "2023", 100, OptionalDouble.empty()));
    assertThat(catalog.indicator("betyg-bemotande").orElseThrow().targets().get(0).target())
        .isEqualTo(new OrdinalTarget(List.of(4.0, 5.0), List.of(3.0), List.of(1.0, 2.0)));
    assertThat(catalog.indicator("balanstal-utrikesfodda").orElseThrow().targets().get(0).target())
        .isEqualTo(new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, OptionalDouble.of(0.7), OptionalDouble.of(1.1)));
    assertThat(catalog.indicator("rang-brukarbedomning").orElseThrow().targets().get(0).target())
        .isEqualTo(new RankTarget(30, java.util.OptionalInt.of(100)));
    assertThat(catalog.kommun("9001").orElseThrow().goals().get(1).rollup())
        .isEqualTo(new GoalRollup(GoalRollup.Rule.COUNT, OptionalDouble.of(2)));
  }

  @Test
  void adoptedNationalIndicatorCarriesTheRuleOfLawAndEachKommunsOwnTargets() {
    Catalog catalog = Fixtures.validCatalog();

    Indicator legal = catalog.kommun("9001").orElseThrow().indicator("forhandsbedomningar-over-14-dagar").orElseThrow();
    assertThat(legal.targets()).singleElement().satisfies(rule -> {
      assertThat(rule.from()).isEqualTo("2016");
      assertThat(rule.until()).isEmpty();
      assertThat(rule.scope()).isEqualTo(TargetScope.UNIT_AND_BELOW);
      assertThat(rule.decision()).map(Decision::body).contains("Riksdagen");
    });
    assertThat(legal.alerting().escalateAfter()).isEqualTo(Duration.ofDays(1));
    assertThat(legal.goals()).containsExactly("tillganglig-vard-och-omsorg");
    assertThat(catalog.kommun("9001").orElseThrow().indicator("vantetid-forsorjningsstod").orElseThrow().targets())
        .extracting(rule -> rule.target().describeSwedish()).containsExactly("≤ 15 dagar");
    assertThat(catalog.kommun("9002").orElseThrow().indicator("vantetid-forsorjningsstod").orElseThrow().targets())
        .extracting(rule -> rule.target().describeSwedish()).containsExactly("≤ 20 dagar");
    assertThat(catalog.kommun("9002").orElseThrow().indicator("vantetid-forsorjningsstod").orElseThrow()
        .validRange()).contains(new ValidRange(OptionalDouble.of(0), OptionalDouble.of(365)));
  }

  @Test
  void alertingFieldsAbsentFromTheFileComeFromTheKommunAndThenTheServiceDefaults() {
    Catalog catalog = Fixtures.validCatalog();

    assertThat(catalog.indicator("vantetid-daglig-verksamhet").orElseThrow().alerting()).isEqualTo(
        new AlertingPolicy(1, Duration.ZERO, 5, false, Duration.ofDays(10), Duration.ofDays(3), Duration.ofDays(30)));
    assertThat(catalog.indicator("grannby-avvikelser").orElseThrow().alerting()).isEqualTo(Fixtures.DEFAULTS);
  }

  @Test
  void unquotedYearsAndDatesMeanWhatTheAuthorWrote() {
    Catalog catalog = Fixtures.validCatalog();

    assertThat(catalog.indicator("rang-brukarbedomning").orElseThrow().targets().get(0).from()).isEqualTo("2022");
    OrgUnit hsl = catalog.organisation().unit("hsl-teamet").orElseThrow();
    assertThat(hsl.validFrom()).isEqualTo(LocalDate.of(2020, 1, 1));
    assertThat(hsl.validTo()).contains(LocalDate.of(2022, 12, 31));
    assertThat(hsl.shortName()).isEqualTo("HSL-teamet");
    assertThat(hsl.source()).contains(new Source("000_test.txt", 1876));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown-unit                | indicators | indicator 'vantetid-lss' field unit: unknown value 'liter'; expected one of procent, dagar, antal, kr, tkr, index, rang, betyg, kvot",
      "band-min-greater-than-max   | indicators | indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3",
      "target-period-of-other-type | indicators | indicator 'vantetid-lss' field targets[1].from: '2022-Q2' is not a period of the indicator's type tertial; expected a tertial like 2022-T1 or a year like 2022",
      "duplicate-indicator-id      | indicators | indicator 'vantetid-lss' field id: indicator 'vantetid-lss' is already in this kommun's catalog",
      "unknown-org-unit            | indicators | indicator 'vantetid-lss' field targets[0].orgUnit: unknown org unit 'daglig-verksamhet-soder'",
      "unknown-goal                | indicators | indicator 'vantetid-lss' field goals: unknown goal 'trygg-och-saker-vard'",
      "duplicate-target            | indicators | indicator 'vantetid-lss' field targets[2].from: targets[0] already sets the target from 2022 for unit 'vo-funktionsstod' and kön T (threshold)",
      "warning-on-good-side        | indicators | indicator 'vantetid-lss' field targets[0].warning: warning line 60 is on the good side of the target <= 90; it must be at least 90",
      "comparator-against-polarity | indicators | indicator 'vantetid-lss' field targets[0].comparator: comparator >= contradicts polarity lower-is-better",
      "malformed-duration          | indicators | indicator 'vantetid-lss' field alerting.escalateAfter: malformed duration '7 days'; expected ISO-8601 like P7D, PT12H or PT0S",
      "bad-kolada-kpi              | indicators | indicator 'vantetid-lss' field koladaKpi: 'n945' is not a Kolada KPI id like N00945 (a capital letter and five digits)",
      "misspelt-field              | indicators | indicator 'vantetid-lss' field targets[0].warnign: unknown field; expected one of comparator, decision, from, gender, kind, orgUnit, scope, source, until, value, warning, warningChosen",
      "bad-email                   | organisation | unit 'socialforvaltningen' field managers[0].email: malformed email address 'socialchef at testby.example'",
      "parent-cycle                | organisation | unit 'vo-funktionsstod' field parent: the parent chain forms a cycle: vo-funktionsstod -> daglig-verksamhet-norr -> vo-funktionsstod",
      "two-roots                   | organisation | unit 'vo-funktionsstod' field parent: only the root may have no parent, and 'socialforvaltningen' already is the root",
      "unknown-parent              | organisation | unit 'vo-funktionsstod' field parent: unknown org unit 'omsorgsforvaltningen'",
      "overlapping-managers        | organisation | unit 'socialforvaltningen' field managers[1]: validity from 2022-05-12 overlaps managers[0] (T f socialchef, valid from 2022-01-01 to 2022-05-12)",
      "valid-to-before-valid-from  | organisation | unit 'vo-funktionsstod' field validTo: validTo 2019-12-31 is before validFrom 2020-01-01",
  })
  void brokenCatalogIsRefusedWithAProblemThatLocatesTheMistake(String fixture, String file, String problem) {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.broken(fixture, folder), Fixtures.DEFAULTS);

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(CatalogProblem::toString)
        .containsExactly((file.equals("indicators") ? CATALOG : ORGANISATION) + problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "duplicate-yaml-key | kommun 9001: kommuner/9001-testby/indicators/catalog.yaml: not valid YAML: ",
      "not-yaml           | kommun 9001: kommuner/9001-testby/organisation.yaml: not valid YAML: ",
  })
  void unreadableYamlIsRefusedNamingTheFile(String fixture, String start) {
    CatalogLoader.Result result = CatalogLoader.load(Fixtures.broken(fixture, folder), Fixtures.DEFAULTS);

    assertThat(result.problems()).singleElement().asString().startsWith(start);
  }

  /** One row per refusal across kommuner: what is changed in the valid catalog, and the problem it must give. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a unit in two kommuner           | kommuner/9002-grannby/organisation.yaml  | id: grannby-hemtjanst                   | id: hsl-teamet                                | kommun 9002: kommuner/9002-grannby/organisation.yaml: unit 'hsl-teamet' field id: unit id 'hsl-teamet' is also a unit of kommun 9001; unit ids are unique across the installation",
      "an own indicator of two kommuner | kommuner/9002-grannby/indicators/catalog.yaml | id: grannby-avvikelser          | id: sjukfranvaro                              | kommun 9002: kommuner/9002-grannby/indicators: indicator 'sjukfranvaro' field id: indicator id 'sjukfranvaro' is also an own indicator of kommun 9001; prefix it with the kommun's slug",
      "an unknown national indicator    | kommuner/9002-grannby/indicators/catalog.yaml | indicator: vantetid-forsorjningsstod | indicator: vantetid-okand                     | kommun 9002: kommuner/9002-grannby/indicators/catalog.yaml: adopts 'vantetid-okand' field indicator: unknown national indicator 'vantetid-okand'; national/indicators.yaml defines forhandsbedomningar-over-14-dagar, vantetid-forsorjningsstod",
      "a target on another kommun's unit | kommuner/9002-grannby/indicators/catalog.yaml | { from: \"2021\", kind: threshold | { from: \"2021\", orgUnit: hsl-teamet, kind: threshold | kommun 9002: kommuner/9002-grannby/indicators/catalog.yaml: indicator 'grannby-avvikelser' field targets[0].orgUnit: org unit 'hsl-teamet' belongs to kommun 9001, not to this kommun",
      "an own indicator with a national id | kommuner/9002-grannby/indicators/catalog.yaml | id: grannby-avvikelser       | id: vantetid-forsorjningsstod                 | kommun 9002: kommuner/9002-grannby/indicators/catalog.yaml: indicator 'vantetid-forsorjningsstod' field id: 'vantetid-forsorjningsstod' is a national indicator; adopt it under adopts: instead",
      "a folder and code that differ    | kommuner/9002-grannby/kommun.yaml        | code: \"9002\"                          | code: \"9003\"                                  | kommun 9002: kommuner/9002-grannby/kommun.yaml: field code: code 9003 differs from the folder's 9002",
      "a root unit that is not the root | kommuner/9002-grannby/kommun.yaml        | rootUnit: grannby-forvaltningen         | rootUnit: grannby-hemtjanst                   | kommun 9002: kommuner/9002-grannby/kommun.yaml: field rootUnit: 'grannby-hemtjanst' is not the unit without parent in organisation.yaml ('grannby-forvaltningen')",
      "a target without source          | kommuner/9002-grannby/indicators/catalog.yaml | value: 2217, source: { document: \"003_test.txt\", line: 375 } | value: 2217 | kommun 9002: kommuner/9002-grannby/indicators/catalog.yaml: indicator 'grannby-avvikelser' field targets[0].source: is required ({document: <seed file name>, line: <line>})",
      "a rule of law with an end        | national/indicators.yaml                 | { from: \"2016\", scope               | { from: \"2016\", until: \"2030\", scope         | national/indicators.yaml: indicator 'forhandsbedomningar-over-14-dagar' field legalTargets[0].until: a rule of law has no end",
  })
  void catalogAcrossKommunerIsRefusedNamingKommunFileEntryAndField(String name, String file, String from, String to,
      String problem) throws IOException {
    Fixtures.copy(Fixtures.resource("valid"), folder);
    Path changed = folder.resolve(file);
    String text = Files.readString(changed);
    assertThat(text).as("the fixture contains the text to change").contains(from);
    Files.writeString(changed, text.replace(from, to));

    CatalogLoader.Result result = CatalogLoader.load(folder, Fixtures.DEFAULTS);

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(CatalogProblem::toString).contains(problem);
  }

  @Test
  void twoKommunerWithOneCodeAreRefusedWithEverySharedUnit() {
    Fixtures.copy(Fixtures.resource("valid"), folder);
    Fixtures.copy(folder.resolve("kommuner/9002-grannby"), folder.resolve("kommuner/9002-grannby-kopia"));

    List<String> problems = CatalogLoader.load(folder, Fixtures.DEFAULTS).problems().stream()
        .map(CatalogProblem::toString).toList();

    assertThat(problems).contains(
        "kommun 9002: kommuner/9002-grannby-kopia/kommun.yaml: field code: code 9002 is also the code of "
            + "kommuner/9002-grannby",
        "kommun 9002: kommuner/9002-grannby-kopia/organisation.yaml: unit 'grannby-forvaltningen' field id: unit id "
            + "'grannby-forvaltningen' is also a unit of kommun 9002; unit ids are unique across the installation",
        "kommun 9002: kommuner/9002-grannby-kopia/organisation.yaml: unit 'grannby-hemtjanst' field id: unit id "
            + "'grannby-hemtjanst' is also a unit of kommun 9002; unit ids are unique across the installation");
  }

  @Test
  void everyProblemOfEveryFileAndKommunIsReportedInOneLoad() throws IOException {
    Fixtures.broken("bad-email", folder);
    Path grannby = folder.resolve("kommuner/9002-grannby/indicators/catalog.yaml");
    Files.writeString(grannby, Files.readString(grannby).replace("unit: antal", "unit: liter"));
    Path catalog = folder.resolve(Fixtures.TESTBY + "/indicators/catalog.yaml");
    Files.writeString(catalog, Files.readString(catalog).replace("goals: [tillganglig-vard-och-omsorg]\n    source: "
        + "{ document: \"000_test.txt\", line: 1303 }", "goals: [tillganglig-vard-och-omsorg, okant-mal]\n    source: "
        + "{ document: \"000_test.txt\", line: 1303 }"));

    List<String> problems = CatalogLoader.load(folder, Fixtures.DEFAULTS).problems().stream()
        .map(CatalogProblem::toString).toList();

    assertThat(problems).containsExactlyInAnyOrder(
        ORGANISATION + "unit 'socialforvaltningen' field managers[0].email: malformed email address "
            + "'socialchef at testby.example'",
        CATALOG + "indicator 'vantetid-daglig-verksamhet' field goals: unknown goal 'okant-mal'",
        "kommun 9002: kommuner/9002-grannby/indicators/catalog.yaml: indicator 'grannby-avvikelser' field unit: "
            + "unknown value 'liter'; expected one of procent, dagar, antal, kr, tkr, index, rang, betyg, kvot");
  }

  @Test
  void missingFoldersAreReported() {
    List<CatalogProblem> problems = CatalogLoader.load(folder, Fixtures.DEFAULTS).problems();

    assertThat(problems).extracting(CatalogProblem::file).containsExactly("national/indicators.yaml", "kommuner");
    assertThat(problems.get(0).message()).startsWith("file not found in ");
  }

  @Test
  void invalidResultHasNoCatalog() {
    CatalogLoader.Result result = CatalogLoader.load(folder, Fixtures.DEFAULTS);

    assertThatThrownBy(result::catalog).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("national/indicators.yaml: file not found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "kommun, entry and field | 0880 | indicator 'vantetid-lss' | targets[1].min | kommun 0880: catalog.yaml: indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3",
      "entry only              | \"\"   | indicator 'vantetid-lss' | \"\"           | catalog.yaml: indicator 'vantetid-lss': band min 5 is greater than max 3",
      "field only              | \"\"   | \"\"                     | goals          | catalog.yaml: field goals: band min 5 is greater than max 3",
      "whole file              | \"\"   | \"\"                     | \"\"           | catalog.yaml: band min 5 is greater than max 3",
  })
  void problemReadsAsKommunFileEntryFieldAndMessage(String name, String kommun, String entry, String field,
      String text) {
    assertThat(new CatalogProblem(kommun, "catalog.yaml", entry, field, "band min 5 is greater than max 3"))
        .hasToString(text);
  }

  @Test
  void shippedCatalogIsValid() {
    CatalogLoader.Result result = CatalogLoader.load(Path.of("config"), Fixtures.DEFAULTS);

    assertThat(result.problems()).isEmpty();
    assertThat(result.catalog().kommun("0880")).map(Kommun::name).contains("Kalmar kommun");
  }
}
