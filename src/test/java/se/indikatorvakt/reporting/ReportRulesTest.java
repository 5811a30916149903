package se.indikatorvakt.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.InputSource;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.RollupRule;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.GoalVerdict;
import se.indikatorvakt.evaluation.Result;

/** The report's pure rules, table by table: målvärden in words, which period a report shows, the roll-up line. */
class ReportRulesTest {

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of(new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, 90,
            OptionalDouble.of(120)), "högst 90\u00a0dagar"),
        Arguments.of(new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.BELOW, 35,
            OptionalDouble.empty()), "under 35\u00a0dagar"),
        Arguments.of(new ThresholdTarget(MeasurementUnit.PROCENT, ThresholdTarget.Comparison.AT_LEAST, 75.5,
            OptionalDouble.empty()), "minst 75,5\u00a0%"),
        Arguments.of(new ThresholdTarget(MeasurementUnit.KR, ThresholdTarget.Comparison.ABOVE, 12500,
            OptionalDouble.empty()), "över 12\u00a0500\u00a0kr"),
        Arguments.of(new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, OptionalDouble.empty(), OptionalDouble.empty()),
            "mellan 0,8 och 1"),
        Arguments.of(new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.DECREASE,
            OptionalDouble.empty(), OptionalDouble.empty()), "minska jämfört med föregående period"),
        Arguments.of(new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.INCREASE,
            OptionalDouble.of(19), OptionalDouble.empty()), "öka från 19\u00a0st"),
        Arguments.of(new RankTarget(30, OptionalInt.empty()), "topp 30 bland landets kommuner"));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void målvärdenReadAsWords(Target target, String words) {
    assertThat(TargetWords.of(target)).isEqualTo(words);
  }

  static Stream<Arguments> periods() {
    return Stream.of(
        Arguments.of(PeriodType.TERTIAL, "2022-T1", "2022-T1"),
        Arguments.of(PeriodType.QUARTER, "2022-T1", "2022-Q1"),
        Arguments.of(PeriodType.YEAR, "2022-T1", "2021"),
        Arguments.of(PeriodType.INTERIM, "2022-T1", "2022-D4"),
        Arguments.of(PeriodType.MONTH, "2022-T1", "2022-04"),
        Arguments.of(PeriodType.QUARTER, "2022-T2", "2022-Q2"),
        Arguments.of(PeriodType.TERTIAL, "2022", "2022-T3"),
        Arguments.of(PeriodType.QUARTER, "2022", "2022-Q4"),
        Arguments.of(PeriodType.YEAR, "2023", "2023"));
  }

  @ParameterizedTest
  @MethodSource("periods")
  void aReportShowsTheLastPeriodOfEachTypeThatEndsWithinIt(PeriodType type, String report, String shown) {
    assertThat(ReportRepository.periodFor(type, Period.parse(Period.detectType(report).orElseThrow(), report))
        .notation()).isEqualTo(shown);
  }

  @Test
  void theRollUpLineCountsGoalsInWords() {
    assertThat(ReportView.summary(goals(Result.UPPFYLLT, Result.UPPFYLLT, Result.UPPFYLLT, Result.UPPFYLLT,
        Result.UPPFYLLT, Result.UPPFYLLT, Result.DELVIS_UPPFYLLT, Result.INGET_MAL)))
        .isEqualTo("Sex av sju mål uppfyllda, ett delvis uppfyllt.");
    assertThat(ReportView.summary(goals(Result.UPPFYLLT, Result.EJ_UPPFYLLT, Result.EJ_UPPFYLLT)))
        .isEqualTo("Ett av tre mål uppfyllt, två ej uppfyllda.");
    assertThat(ReportView.summary(goals(Result.INGET_MAL))).isEqualTo("Inget mål kan bedömas för perioden.");
  }

  /** A goal the nämnd judges by hand counts by its bedömning, and is named when it has none. */
  @Test
  void theRollUpLineCountsBedomningarAndNamesTheGoalsStillWithoutOne() {
    List<ReportData.GoalSection> goals = new ArrayList<>(goals(Result.UPPFYLLT, Result.EJ_UPPFYLLT));
    goals.add(judged(Optional.of(Result.DELVIS_UPPFYLLT)));
    goals.add(judged(Optional.empty()));
    assertThat(ReportView.summary(goals)).isEqualTo(
        "Ett av tre mål uppfyllt, ett delvis uppfyllt, ett ej uppfyllt. Bedömning saknas för ett mål som nämnden "
            + "bedömer.");
    assertThat(ReportView.summary(List.of(judged(Optional.empty()), judged(Optional.empty())))).isEqualTo(
        "Inget mål kan bedömas för perioden. Bedömning saknas för två mål som nämnden bedömer.");
  }

  @Test
  void theTrendChartIsWellFormedSvgWithAPointPerPeriodInItsVerdictsColour() throws Exception {
    String svg = TrendChart.svg(List.of(
        new ReportData.TrendPoint(Period.parse(PeriodType.TERTIAL, "2021-T3"), 175, Result.EJ_UPPFYLLT),
        new ReportData.TrendPoint(Period.parse(PeriodType.TERTIAL, "2022-T1"), 134, Result.EJ_UPPFYLLT),
        new ReportData.TrendPoint(Period.parse(PeriodType.TERTIAL, "2022-T2"), 88, Result.UPPFYLLT)),
        OptionalDouble.of(90));
    var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(svg)));
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(document.getElementsByTagName("circle").getLength()).isEqualTo(3);
    assertThat(document.getElementsByTagName("line").getLength()).as("the målvärde line").isEqualTo(1);
    assertThat(svg).contains("#b00020", "#1a7f37");
  }

  @Test
  void analysisTextsWithAPersonnummerAreRefusedWithoutRepeatingIt() {
    String number = KalmarSeed.personnummer();
    List<AnalysisInput.InputProblem> problems = AnalysisInput.texts("Gäller " + number, "");
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/analysis");
      assertThat(p.detail() + p.swedish()).doesNotContain(number).contains("personnummer");
    });
    assertThat(AnalysisInput.texts("Väntetiden 134 dagar mot 90, 2022-05-24.", "")).isEmpty();
    assertThat(AnalysisInput.texts("", "")).singleElement()
        .satisfies(p -> assertThat(p.swedish()).contains("Skriv en analys"));
    assertThat(AnalysisInput.texts("x".repeat(AnalysisInput.MAX_TEXT + 1), "ok")).singleElement()
        .satisfies(p -> assertThat(p.pointer()).isEqualTo("/analysis"));
  }

  /**
   * Every seed value is the one seed-indicators.csv gives at its line of document 000 (or the sum of the rows it
   * names), when the shared table is at hand; the values stay traceable to Kalmar's own tertialrapport.
   */
  @Test
  void theSeedValuesAreTheDocumentsOwn() throws IOException {
    Path csv = Stream.of(Path.of("/work/shared/seed-indicators.csv"), Path.of("../shared/seed-indicators.csv"))
        .filter(Files::isRegularFile).findFirst().orElse(null);
    Assumptions.assumeTrue(csv != null, "seed-indicators.csv is not at hand");
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csvFields(line);
      if (f.get(0).equals(KalmarSeed.DOCUMENT)) {
        rows.add(Map.of("indicator", f.get(2), "actual", f.get(7), "line", f.get(10)));
      }
    }
    for (KalmarSeed.Row seed : KalmarSeed.rows()) {
      List<Double> values = new ArrayList<>();
      for (String line : seed.csvLines()) {
        rows.stream().filter(r -> r.get("line").equals(line))
            .filter(r -> !seed.kind().equals("sum") || r.get("indicator").startsWith("S:a kvarstående")
                || r.get("indicator").startsWith("Ej verkställda bostadsbeslut – antal beslut"))
            .map(r -> Double.parseDouble(r.get("actual")))
            .forEach(values::add);
      }
      if (seed.kind().equals("sum")) {
        assertThat(values.stream().mapToDouble(Double::doubleValue).sum()).as("%s", seed).isEqualTo(seed.value());
      } else {
        assertThat(values).as("%s", seed).contains(seed.value());
      }
    }
  }

  private static List<ReportData.GoalSection> goals(Result... results) {
    List<ReportData.GoalSection> goals = new ArrayList<>();
    for (Result result : results) {
      goals.add(new ReportData.GoalSection("g", "Mål", "", new GoalVerdict(new RollupRule.All(), result,
          Optional.empty()), List.of()));
    }
    return goals;
  }

  private static ReportData.GoalSection judged(Optional<Result> verdict) {
    return new ReportData.GoalSection("fordon-och-transporter", "Fordon och transporter", "", new GoalVerdict(
        new RollupRule.Judgement(), Result.INGET_MAL, verdict.map(v -> new Assessment(
            new Assessment.GoalSubject("fordon-och-transporter", "socialforvaltningen"), "2022-T1", v,
            "I dagsläget körs 87% av förvaltningens bilar på fossilbränslefritt bränsle.", "Socialnämnden",
            Instant.parse("2022-05-24T08:00:00Z")))), List.of());
  }

  private static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
