package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.ValidRange;
import se.indikatorvakt.text.StrictJson;

/** The rules of a posted measurement, against the shipped catalog, on 15 June 2022. */
class MeasurementValidatorTest {
  private static final Instant NOW = Instant.parse("2022-06-15T10:00:00Z");
  private static final String DV = "{\"indicator\":\"vantetid-daglig-verksamhet\",\"orgUnit\":\"daglig-verksamhet\","
      + "\"period\":\"2022-T1\",\"value\":134";
  private static Catalog catalog;
  private static Catalog provby;

  @BeforeAll
  static void loadCatalog() {
    catalog = IngestTestData.shippedCatalog();
    provby = IngestTestData.withProvby();
  }

  private static MeasurementValidator.Outcome validate(String json) {
    return new MeasurementValidator(catalog, NOW, 3).validate(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String dv(String extra) {
    return DV + extra + "}";
  }

  private static String item(String indicator, String orgUnit, String period, String value, String extra) {
    return "{\"indicator\":\"" + indicator + "\",\"orgUnit\":\"" + orgUnit + "\",\"period\":\"" + period
        + "\",\"value\":" + value + extra + "}";
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("a tertial value of Kalmar's daglig verksamhet", dv("")),
        Arguments.of("with gender T, observedAt, comment and a source reference", dv(",\"gender\":\"T\","
            + "\"observedAt\":\"2022-05-02T08:30:00+02:00\",\"comment\":\"Ökad kö efter sommaren\","
            + "\"source\":\"Tertialrapport april 2022 rad 1322\"")),
        Arguments.of("sjukfrånvaro for kvinnor, delår jan–maj",
            item("sjukfranvaro-ackumulerad", "socialforvaltningen", "2022-D5", "7.5", ",\"gender\":\"K\"")),
        Arguments.of("a day-level antal for today", item("forhandsbedomningar-over-14-dagar",
            "myndighet-barn-och-unga", "2022-06-15", "3", "")),
        Arguments.of("a negative budgetavvikelse in tkr", item("budgetavvikelse-prognos-helar", "socialforvaltningen",
            "2022-T1", "-4875", "")),
        Arguments.of("a batch of three", "[" + dv("") + "," + dv("").replace("2022-T1", "2021-T3") + ","
            + dv("").replace("2022-T1", "2021-T2") + "]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptsValidMeasurements(String name, String json) {
    MeasurementValidator.Outcome outcome = validate(json);
    assertThat(outcome.violations()).isEmpty();
    assertThat(outcome.valid()).isTrue();
    assertThat(outcome.measurements()).isNotEmpty();
  }

  static Stream<Arguments> acrossKommuner() {
    return Stream.of(
        Arguments.of("Provby's own indicator for a Kalmar unit", item("provby-sjukfranvaro", "daglig-verksamhet",
            "2022-05-R12", "8.9", ""), "/indicator",
            "is not an indicator of kommun 0880 (Kalmar kommun), the kommun of org unit daglig-verksamhet"),
        Arguments.of("Kalmar's own indicator for a Provby unit", dv("").replace("\"daglig-verksamhet\"",
            "\"provby-hemtjanst\""), "/indicator",
            "is not an indicator of kommun 9999 (Provby kommun), the kommun of org unit provby-hemtjanst"),
        Arguments.of("a value outside the indicator's valid range", item("provby-dygnskostnad", "provby-hemtjanst",
            "2021", "-1000000000000", ""), "/value", "must be at least 0 for this indicator"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acrossKommuner")
  void aMeasurementForWhatItsKommunDoesNotHaveIsRefusedNamingTheKommun(String name, String json, String pointer,
      String detail) {
    MeasurementValidator.Outcome outcome = new MeasurementValidator(provby, NOW, 3)
        .validate(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(outcome.violations()).extracting(Violation::pointer, Violation::detail)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(pointer, detail));
  }

  @Test
  void eachKommunJudgesAMeasurementWithItsOwnVersionOfTheIndicator() {
    MeasurementValidator validator = new MeasurementValidator(provby, NOW, 3);
    List<MeasurementInput> accepted = validator.validate(StrictJson.parse(("[" + item("provby-sjukfranvaro",
        "provby-hemtjanst", "2022-05-R12", "8.9", ",\"gender\":\"K\"") + "," + item("forhandsbedomningar-over-14-dagar",
        "provby-hemtjanst", "2022-06-15", "1", "") + "," + item("forhandsbedomningar-over-14-dagar",
        "myndighet-barn-och-unga", "2022-06-15", "1", "") + "]").getBytes(StandardCharsets.UTF_8))).measurements();

    assertThat(accepted).extracting(m -> m.indicator().goals()).containsExactly(List.of("provby-arbetsmiljo"),
        List.of("provby-arbetsmiljo"), List.of("saker-vard-och-omsorg", "tillganglig-vard-och-omsorg"));
  }

  static Stream<Arguments> refused() {
    String pnr = IngestTestData.personnummer();
    String snr = IngestTestData.samordningsnummer();
    return Stream.of(
        Arguments.of("missing value", DV.replace(",\"value\":134", "") + "}", "/value", Violation.INVALID_FIELD),
        Arguments.of("value as a string", DV.replace("134", "\"134\"") + "}", "/value", Violation.INVALID_FIELD),
        Arguments.of("value null", DV.replace("134", "null") + "}", "/value", Violation.INVALID_FIELD),
        Arguments.of("value an array", DV.replace("134", "[134]") + "}", "/value", Violation.INVALID_FIELD),
        Arguments.of("value 1e400", DV.replace("134", "1e400") + "}", "/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("negative dagar", DV.replace("134", "-1") + "}", "/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("procent above 100", item("brukarbedomning-ifo-forbattrad-situation", "socialforvaltningen",
            "2021", "100.5", ""), "/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("non-integer antal", item("ej-verkstallda-beslut-sol", "socialforvaltningen", "2022-Q1", "2.5",
            ""), "/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("rang 0", item("rang-ifo-forbattrad-situation", "socialforvaltningen", "2021", "0", ""),
            "/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("unknown indicator", dv("").replace("vantetid-daglig-verksamhet", "vantetid-okand"),
            "/indicator", Violation.UNKNOWN_INDICATOR),
        Arguments.of("indicator as a number", dv("").replace("\"vantetid-daglig-verksamhet\"", "17"), "/indicator",
            Violation.INVALID_FIELD),
        Arguments.of("unknown org unit", dv("").replace("\"daglig-verksamhet\"", "\"daglig-verksamhet-syd\""),
            "/orgUnit", Violation.UNKNOWN_ORG_UNIT),
        Arguments.of("personnummer as the org unit", dv("").replace("\"daglig-verksamhet\"", "\"19" + pnr + "\""),
            "/orgUnit", Violation.UNKNOWN_ORG_UNIT),
        Arguments.of("a unit closed before the period", item("vantetid-insats-oppenvard-barn", "fastighet-och-teknik",
            "2022-T1", "3", ""), "/orgUnit", Violation.ORG_UNIT_NOT_VALID),
        Arguments.of("month notation for a tertial indicator", dv("").replace("2022-T1", "2022-05"), "/period",
            Violation.INVALID_PERIOD),
        Arguments.of("a tertial that has not begun", dv("").replace("2022-T1", "2022-T3"), "/period",
            Violation.FUTURE_PERIOD),
        Arguments.of("next year", item("lex-sarah-rapporter", "socialforvaltningen", "2023", "1", ""), "/period",
            Violation.FUTURE_PERIOD),
        Arguments.of("tertial T4", dv("").replace("2022-T1", "2022-T4"), "/period", Violation.INVALID_PERIOD),
        Arguments.of("month 13", item("antal-langtidssjukskrivna", "socialforvaltningen", "2022-13", "1", ""),
            "/period", Violation.INVALID_PERIOD),
        Arguments.of("30 February", item("forhandsbedomningar-over-14-dagar", "myndighet-barn-och-unga",
            "2022-02-30", "1", ""), "/period", Violation.INVALID_PERIOD),
        Arguments.of("fullwidth digits", dv("").replace("2022-T1", "２０２２-T1"), "/period", Violation.INVALID_PERIOD),
        Arguments.of("a trailing space", dv("").replace("2022-T1", "2022-T1 "), "/period", Violation.INVALID_PERIOD),
        Arguments.of("year 0000", item("lex-sarah-rapporter", "socialforvaltningen", "0000", "1", ""), "/period",
            Violation.INVALID_PERIOD),
        Arguments.of("gender X", dv(",\"gender\":\"X\""), "/gender", Violation.INVALID_FIELD),
        Arguments.of("gender lower-case k", dv(",\"gender\":\"k\""), "/gender", Violation.INVALID_FIELD),
        Arguments.of("kvinnor for an indicator not split by kön", dv(",\"gender\":\"K\""), "/gender",
            Violation.INVALID_FIELD),
        Arguments.of("observedAt not a timestamp", dv(",\"observedAt\":\"yesterday\""), "/observedAt",
            Violation.INVALID_FIELD),
        Arguments.of("observedAt without offset", dv(",\"observedAt\":\"2022-05-02T08:30:00\""), "/observedAt",
            Violation.INVALID_FIELD),
        Arguments.of("observedAt tomorrow", dv(",\"observedAt\":\"2022-06-16T10:00:00Z\""), "/observedAt",
            Violation.INVALID_FIELD),
        Arguments.of("comment a number", dv(",\"comment\":12"), "/comment", Violation.INVALID_FIELD),
        Arguments.of("comment over 1000 characters", dv(",\"comment\":\"" + "a".repeat(1001) + "\""), "/comment",
            Violation.INVALID_FIELD),
        Arguments.of("personnummer with century and dash in the comment",
            dv(",\"comment\":\"Gäller 19" + pnr.substring(0, 6) + "-" + pnr.substring(6) + "\""), "/comment",
            Violation.PERSONAL_DATA),
        Arguments.of("personnummer without separator in the comment", dv(",\"comment\":\"pnr " + pnr + "\""),
            "/comment", Violation.PERSONAL_DATA),
        Arguments.of("samordningsnummer in the source reference", dv(",\"source\":\"" + snr.substring(0, 6) + "-"
            + snr.substring(6) + "\""), "/source", Violation.PERSONAL_DATA),
        Arguments.of("a misspelt field", dv(",\"vaule\":134"), "/vaule", Violation.INVALID_FIELD),
        Arguments.of("a field named like a pointer", dv(",\"a/b~c\":1"), "/a~1b~0c", Violation.INVALID_FIELD),
        Arguments.of("JSON null", "null", "", Violation.INVALID_FIELD),
        Arguments.of("a bare number", "42", "", Violation.INVALID_FIELD),
        Arguments.of("an empty array", "[]", "", Violation.INVALID_FIELD),
        Arguments.of("an array of numbers", "[1,2]", "/0", Violation.INVALID_FIELD),
        Arguments.of("one bad item among good ones", "[" + dv("") + "," + dv("").replace("2022-T1", "2021-T3")
            .replace("134", "-5") + "]", "/1/value", Violation.VALUE_OUT_OF_RANGE),
        Arguments.of("the same key twice", "[" + dv("") + "," + dv("") + "]", "/1", Violation.DUPLICATE_KEY),
        Arguments.of("the same key twice, once with gender T spelt out", "[" + dv("") + "," + dv(",\"gender\":\"T\"")
            + "]", "/1", Violation.DUPLICATE_KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWithThePointerOfTheBadField(String name, String json, String pointer, String reason) {
    MeasurementValidator.Outcome outcome = validate(json);
    assertThat(outcome.valid()).isFalse();
    assertThat(outcome.measurements()).as("a refused request stores nothing").isEmpty();
    assertThat(outcome.violations()).extracting(Violation::pointer).contains(pointer);
    assertThat(outcome.violations()).filteredOn(v -> v.pointer().equals(pointer)).extracting(Violation::reason)
        .contains(reason);
  }

  /** Issue 15: −1 000 000 000 000 kr for a dygnskostnad was accepted (kr allows it) and resolved an alert. */
  @Test
  void refusesAValueOutsideTheIndicatorsOwnRangeAtValue() {
    Indicator bounded = catalog.indicator("dygnskostnad-daglig-verksamhet").orElseThrow();
    assertThat(bounded.validRange()).isPresent();
    MeasurementValidator validator = new MeasurementValidator(catalog, NOW, 3);

    MeasurementValidator.Outcome refused = validator.validate(StrictJson.parse(item(bounded.id(), "daglig-verksamhet",
        "2022-T1", "-1000000000000", "").getBytes(StandardCharsets.UTF_8)));
    MeasurementValidator.Outcome accepted = validator.validate(StrictJson.parse(item(bounded.id(),
        "daglig-verksamhet", "2022-T1", "587", "").getBytes(StandardCharsets.UTF_8)));

    assertThat(refused.violations()).extracting(Violation::pointer, Violation::reason, Violation::detail)
        .containsExactly(tuple("/value", Violation.VALUE_OUT_OF_RANGE, "must be at least 0 for this indicator"));
    assertThat(accepted.valid()).isTrue();
  }

  @Test
  void listsEveryProblemOfEveryItem() {
    String json = "[" + dv(",\"gender\":\"X\"").replace("134", "\"x\"") + "," + dv("") + ","
        + dv("").replace("2022-T1", "2022-05").replace("\"orgUnit\":\"daglig-verksamhet\"", "\"orgUnit\":\"nowhere\"")
        + "]";
    assertThat(validate(json).violations()).extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/0/value", "/0/gender", "/2/orgUnit", "/2/period");
  }

  @Test
  void neverRepeatsTheFreeTextOfARefusedComment() {
    String pnr = IngestTestData.personnummer();
    MeasurementValidator.Outcome outcome = validate(dv(",\"comment\":\"Brukare " + pnr + " klagade\""));
    assertThat(outcome.violations()).extracting(Violation::detail)
        .noneMatch(detail -> detail.contains(pnr.substring(0, 6)) || detail.contains("Brukare"));
  }

  @Test
  void refusesMoreItemsThanTheBatchLimitWithoutReadingThem() {
    MeasurementValidator.Outcome outcome = validate("[" + String.join(",", List.of(dv(""), dv(""), dv(""), dv("")))
        + "]");
    assertThat(outcome.tooManyItems()).isTrue();
    assertThat(outcome.items()).isEqualTo(4);
  }

  @Test
  void defaultsGenderToTotalAndKeepsTheItemsPointerAndPosition() {
    MeasurementInput second = validate("[" + dv("") + "," + dv("").replace("2022-T1", "2021-T3") + "]")
        .measurements().get(1);
    assertThat(second.gender()).isEqualTo(Gender.T);
    assertThat(second.pointer()).isEqualTo("/1");
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.period().notation()).isEqualTo("2021-T3");
    assertThat(second.previousKey().period()).isEqualTo("2021-T2");
  }
}
