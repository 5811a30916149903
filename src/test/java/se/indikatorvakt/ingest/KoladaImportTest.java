package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.support.PersonalNumbersForTests;
import se.indikatorvakt.text.StrictJson;

/** Kolada's own response JSON mapped to the shipped catalog (Kalmar, municipality 0880). */
class KoladaImportTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static Catalog catalog;

  @BeforeAll
  static void loadCatalog() {
    catalog = IngestTestData.shippedCatalog();
  }

  private static KoladaImport.Mapping map(String json) {
    return KoladaImport.map(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)), catalog,
        new MeasurementValidator(catalog, NOW, 10_000));
  }

  @Test
  void mapsTheOwnMunicipalitysValuesSkipsNullsAndReportsOtherMunicipalities() throws Exception {
    KoladaImport.Mapping mapping = map(Files.readString(Path.of("src/test/resources/seed/kolada-response.json")));
    assertThat(mapping.violations()).isEmpty();
    assertThat(mapping.received()).isEqualTo(23);
    assertThat(mapping.nullValues()).isEqualTo(7);
    assertThat(mapping.measurements()).hasSize(15);
    assertThat(mapping.unmapped()).singleElement().satisfies(u -> {
      assertThat(u.municipality()).isEqualTo("0000");
      assertThat(u.pointer()).isEqualTo("/values/8/values/0");
      assertThat(u.reason()).contains("not a kommun");
    });
    MeasurementInput first = mapping.measurements().get(0);
    assertThat(first.indicator().id()).isEqualTo("vantetid-forsorjningsstod");
    assertThat(first.orgUnit()).isEqualTo("socialforvaltningen");
    assertThat(first.period().notation()).isEqualTo("2018");
    assertThat(first.value()).isEqualTo(19.0);
    assertThat(first.pointer()).isEqualTo("/values/0/values/0");
    assertThat(mapping.measurements()).filteredOn(m -> m.gender() == Gender.K).hasSize(4);
  }

  @Test
  void readsTheV3ShapeWithTheYearAsANumber() {
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\",\"period\":2021,"
        + "\"values\":[{\"gender\":\"T\",\"value\":361,\"count\":1,\"status\":\"\",\"isdeleted\":false}]}],"
        + "\"count\":1,\"next_url\":null,\"previous_url\":null}");
    assertThat(mapping.violations()).isEmpty();
    assertThat(mapping.measurements()).singleElement()
        .satisfies(m -> assertThat(m.key()).isEqualTo(new MeasurementKey("vantetid-lss-boende", "socialforvaltningen",
            Gender.T, "2021")));
  }

  static Stream<Arguments> unmapped() {
    return Stream.of(
        Arguments.of("a KPI the catalog does not name", "N00945", "0880", "\"2021\"", "T", "koladaKpi"),
        Arguments.of("Riket", "U28418", "0000", "\"2021\"", "T", "not a kommun"),
        Arguments.of("a region", "U28418", "0012", "\"2021\"", "T", "not a kommun"),
        Arguments.of("a group of kommuner", "U28418", "G33880", "\"2021\"", "T", "not a kommun"),
        Arguments.of("a future year of another kommun", "U28418", "1480", "\"2031\"", "T", "not compared"),
        Arguments.of("kvinnor for an indicator not split by kön", "U28418", "0880", "\"2021\"", "K",
            "not broken down by kön"),
        Arguments.of("the README's gender F", "U31402", "0880", "\"2021\"", "F", "T, K, M"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unmapped")
  void reportsWhatItCannotMapWithAReason(String name, String kpi, String municipality, String period,
      String gender, String reason) {
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"" + kpi + "\",\"municipality\":\"" + municipality
        + "\",\"period\":" + period + ",\"values\":[{\"gender\":\"" + gender + "\",\"value\":12.5}]}]}");
    assertThat(mapping.violations()).isEmpty();
    assertThat(mapping.measurements()).isEmpty();
    assertThat(mapping.unmapped()).singleElement().satisfies(u -> assertThat(u.reason()).contains(reason));
  }

  @Test
  void aKommunOutsideTheInstallationIsKeptAsComparisonDataNotImported() {
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"1480\",\"period\":\"2021\","
        + "\"values\":[{\"gender\":\"T\",\"value\":142}]}]}");
    assertThat(mapping.violations()).isEmpty();
    assertThat(mapping.measurements()).isEmpty();
    assertThat(mapping.unmapped()).isEmpty();
    assertThat(mapping.comparison()).containsExactly(
        new KoladaImport.Comparison("/values/0/values/0", "U28418", 2021, "1480", "T", 142));
  }

  /**
   * A response for many kommuner: every kommun's value is comparison data; the installation's kommuner (Kalmar 0880,
   * Jämförby 9998) get theirs as measurements; Jämförby's rang indicator gets a place to compute; Riket and the
   * region are neither.
   */
  @Test
  void aResponseForManyKommunerIsComparisonDataAndImportedIntoEachKommunOfTheInstallation() {
    Catalog jamforby = IngestTestData.withJamforby();
    String json = KoladaResponses.forKommuner(2021, KoladaResponses.with(KoladaResponses.OTHERS, "0880", 20.0,
        "9998", 15.0));
    KoladaImport.Mapping mapping = KoladaImport.map(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)), jamforby,
        new MeasurementValidator(jamforby, NOW, 10_000));

    assertThat(mapping.violations()).isEmpty();
    assertThat(mapping.comparison()).hasSize(9 * 3)
        .extracting(KoladaImport.Comparison::municipality).doesNotContain("0000", "0012");
    assertThat(mapping.unmapped()).extracting(KoladaImport.Unmapped::municipality).containsExactly("0000", "0012");
    assertThat(mapping.measurements()).extracting(m -> m.indicator().id() + "|" + m.orgUnit() + "|" + m.gender())
        .containsExactlyInAnyOrder("vantetid-forsorjningsstod|socialforvaltningen|T",
            "vantetid-forsorjningsstod|socialforvaltningen|K", "vantetid-forsorjningsstod|socialforvaltningen|M",
            "jamforby-vantetid-forsorjningsstod|jamforby-socialforvaltningen|T",
            "jamforby-vantetid-forsorjningsstod|jamforby-socialforvaltningen|K",
            "jamforby-vantetid-forsorjningsstod|jamforby-socialforvaltningen|M");
    assertThat(mapping.places()).singleElement().satisfies(place -> {
      assertThat(place.key()).isEqualTo(new MeasurementKey("jamforby-placering-vantetid",
          "jamforby-socialforvaltningen", Gender.T, "2021"));
      assertThat(place.pointer()).as("the kommun's own value it ranks").isEqualTo("/values/8/values/0");
    });
  }

  @Test
  void theOrderOfAPlaceIsThePolarityOfTheIndicatorsThatMeasureTheKpiItself() {
    assertThat(KoladaComparison.polarity(IngestTestData.withJamforby(), KoladaResponses.KPI))
        .contains(se.indikatorvakt.catalog.Polarity.LOWER_IS_BETTER);
    assertThat(KoladaComparison.polarity(catalog, "N00945")).as("no indicator measures it").isEmpty();
  }

  @Test
  void organisationalUnitDataIsReportedNotImported() {
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"U28418\",\"ou\":\"V15E088000101\",\"period\":\"2021\","
        + "\"values\":[{\"gender\":\"T\",\"value\":12}]}]}");
    assertThat(mapping.measurements()).isEmpty();
    assertThat(mapping.unmapped()).singleElement().satisfies(u -> assertThat(u.reason()).contains("ou"));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("values is a string", "{\"values\":\"U28418\"}", "/values"),
        Arguments.of("not an object", "[1]", ""),
        Arguments.of("a data object without values", "{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\","
            + "\"period\":\"2021\"}]}", "/values/0/values"),
        Arguments.of("a value that is a string", "{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\","
            + "\"period\":\"2021\",\"values\":[{\"gender\":\"T\",\"value\":\"361\"}]}]}", "/values/0/values/0/value"),
        Arguments.of("negative dagar", "{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\","
            + "\"period\":\"2021\",\"values\":[{\"gender\":\"T\",\"value\":-3}]}]}", "/values/0/values/0/value"),
        Arguments.of("a future year", "{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\","
            + "\"period\":\"2031\",\"values\":[{\"gender\":\"T\",\"value\":3}]}]}", "/values/0/values/0/period"),
        Arguments.of("the same value twice", "{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\","
            + "\"period\":\"2021\",\"values\":[{\"gender\":\"T\",\"value\":3},{\"gender\":\"T\",\"value\":4}]}]}",
            "/values/0/values/1"));
  }

  /** One rule for a period that is not a year, however it is written: refused at its pointer, never half-imported. */
  @ParameterizedTest(name = "period {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"\"abc\"", "20211", "\"20211\"", "\"2021-05\"", "2021.5",
      "999", "\"\"", "null", "true", "[2021]"})
  void refusesAPeriodThatIsNotAYearWhateverItsType(String period) {
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"U28418\",\"municipality\":\"0880\",\"period\":"
        + period + ",\"values\":[{\"gender\":\"T\",\"value\":12}]}]}");
    assertThat(mapping.violations()).extracting(Violation::pointer).containsExactly("/values/0/period");
    assertThat(mapping.unmapped()).isEmpty();
    assertThat(mapping.measurements()).isEmpty();
  }

  @Test
  void aPersonnummerSentAsMunicipalityIsNotRepeatedInTheUnmappedList() {
    String pnr = PersonalNumbersForTests.personnummer();
    String number = "19" + pnr.substring(0, 6) + "-" + pnr.substring(6);
    KoladaImport.Mapping mapping = map("{\"values\":[{\"kpi\":\"" + number + "\",\"municipality\":\"" + number
        + "\",\"period\":\"2021\",\"values\":[{\"gender\":\"" + number + "\",\"value\":12}]}]}");
    assertThat(mapping.unmapped()).singleElement().satisfies(u -> {
      assertThat(u.municipality()).isEqualTo("[personnummer]");
      assertThat(u.kpi()).isEqualTo("[personnummer]");
      assertThat(u.gender()).isEqualTo("[personnummer]");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatIsNotKoladasShapeOrBreaksAMeasurementRule(String name, String json, String pointer) {
    KoladaImport.Mapping mapping = map(json);
    assertThat(mapping.violations()).extracting(Violation::pointer).contains(pointer);
  }
}
