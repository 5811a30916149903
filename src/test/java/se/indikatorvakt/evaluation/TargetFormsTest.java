package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.DirectionTarget.Change;
import se.indikatorvakt.catalog.DirectionTarget.ChangeUnit;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.DirectionTarget.Reference;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.OrdinalTarget;
import se.indikatorvakt.catalog.PathTarget;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

/**
 * Every target form the seed documents use, judged with the documents' own numbers. The first column names the
 * document file and line; "(rule)" marks a case that checks an edge of the rule with numbers of our own.
 */
class TargetFormsTest {
  private static final OptionalDouble NONE = OptionalDouble.empty();

  @ParameterizedTest(name = "{0}: {2} {3} (warning {4}), value {5} -> {6}")
  @CsvSource(delimiter = '|', value = {
      "000_63e6c9868031b1b7.txt:1237 Beslut inom skälig tid, Mål 2022      | dagar   | <= | 79   |     | 107  | EJ_UPPFYLLT     | 28",
      "000_63e6c9868031b1b7.txt:1322 Skälig väntetid (warning our choice) | dagar   | <= | 90   | 120 | 134  | EJ_UPPFYLLT     | 44",
      "000_63e6c9868031b1b7.txt:1255 Tid till insats understiger 35       | dagar   | <  | 35   |     | 23   | UPPFYLLT        | 0",
      "000_63e6c9868031b1b7.txt:1325 Dygnskostnad DV (warning our choice) | kr      | <= | 534  | 561 | 587  | EJ_UPPFYLLT     | 53",
      "001_f694a8ad6a7b67a2.txt:187 Utredningar inom 120 dagar            | procent | >= | 75   |     | 85   | UPPFYLLT        | 0",
      "001_f694a8ad6a7b67a2.txt:188 Förhandsbedömningar (warning ours)    | procent | >= | 70   | 60  | 68   | DELVIS_UPPFYLLT | 2",
      "001_f694a8ad6a7b67a2.txt:572 Avtalstrohet minst 85 procent         | procent | >= | 85   |     | 94   | UPPFYLLT        | 0",
      "001_f694a8ad6a7b67a2.txt:571 Enheter med ekonomi i balans 100 %    | procent | >= | 100  |     | 60   | EJ_UPPFYLLT     | 40",
      "003_71a42323f05a3944.txt:385 Sjukfrånvaro Mål 2021 5 %             | procent | <= | 5    |     | 10.5 | EJ_UPPFYLLT     | 5.5",
      "003_71a42323f05a3944.txt:118 Resultat, budget i balans             | tkr     | >= | 0    |     | 0    | UPPFYLLT        | 0",
      "003_71a42323f05a3944.txt:111 Personalkostnader, budget i balans    | tkr     | >= | 0    |     | -9785 | EJ_UPPFYLLT    | 9785",
      "004_5b12c98438409c4e.txt:774 LSS-handläggare högst 60 ärenden      | antal   | <= | 60   |     | 70   | EJ_UPPFYLLT     | 10",
      "(rule) = has no good side: exactly on it                           | antal   | =  | 0    | 2   | 0    | UPPFYLLT        | 0",
      "(rule) = with warning 2 on either side                             | antal   | =  | 0    | 2   | -2   | DELVIS_UPPFYLLT | 2",
      "(rule) = past the warning distance                                 | antal   | =  | 0    | 2   | 3    | EJ_UPPFYLLT     | 3",
  })
  void threshold(String source, String unit, String comparator, double value, Double warning, double measured,
      Result result, double distance) {
    MeasurementUnit measuredIn = MeasurementUnit.fromCode(unit).orElseThrow();
    Target target = new ThresholdTarget(measuredIn, Comparison.fromCode(comparator).orElseThrow(), value,
        optional(warning));

    Evaluation evaluation = evaluate(target, measured, "2022", Map.of());

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  @ParameterizedTest(name = "{0}: {1} {2} {3}, by {4} {5}, reference {6} -> value {7}: {8}")
  @CsvSource(delimiter = '|', value = {
      "004_5b12c98438409c4e.txt:250 Föräldrastöd öka, 2020 12 -> 2021 29   | INCREASE | PREVIOUS | | | | 12 | 29 | UPPFYLLT | 0",
      "004_5b12c98438409c4e.txt:260 Utredningstid minska, 100 -> 112       | DECREASE | PREVIOUS | | | | 100 | 112 | EJ_UPPFYLLT | 12",
      "004_5b12c98438409c4e.txt:537 Sjuktal minska, 10,7 -> 8,66           | DECREASE | PREVIOUS | | | | 10.7 | 8.66 | UPPFYLLT | 0",
      "(rule) staying level is not a decrease                               | DECREASE | PREVIOUS | | | | 8.66 | 8.66 | EJ_UPPFYLLT | 0",
      "001_f694a8ad6a7b67a2.txt:192 Bostadssociala kontrakt -10 %: 300 -> 236 | DECREASE | SAME_PERIOD_LAST_YEAR | | 10 | PERCENT | 300 | 236 | UPPFYLLT | 0",
      "(rule) exactly 10 % fewer meets minska med 10 %                      | DECREASE | SAME_PERIOD_LAST_YEAR | | 10 | PERCENT | 300 | 270 | UPPFYLLT | 0",
      "(rule) 8 % fewer does not                                            | DECREASE | SAME_PERIOD_LAST_YEAR | | 10 | PERCENT | 300 | 276 | EJ_UPPFYLLT | 6",
      "(rule) 10 % of a deficit's magnitude: -100 tkr to -90                | INCREASE | PREVIOUS | | 10 | PERCENT | -100 | -90 | UPPFYLLT | 0",
      "003_71a42323f05a3944.txt:387 heltid 84 -> 88,2, öka minst 2 procentenheter | INCREASE | BASELINE | 84 | 2 | POINTS | | 88.2 | UPPFYLLT | 0",
      "(rule) 1,5 procentenheter is short of 2                              | INCREASE | BASELINE | 84 | 2 | POINTS | | 85.5 | EJ_UPPFYLLT | 0.5",
      "000_63e6c9868031b1b7.txt:461 långtidssjuka 54 -> 52, minska med 2   | DECREASE | PREVIOUS | | 2 | ABSOLUTE | 54 | 52 | UPPFYLLT | 0",
      "004_5b12c98438409c4e.txt:537 Sjuktal minska mot ingångsvärde 8,52   | DECREASE | BASELINE | 8.52 | | | | 8.66 | EJ_UPPFYLLT | 0.14",
  })
  void direction(String source, Direction direction, Reference reference, Double baseline, Double size,
      ChangeUnit sizeUnit, Double previousOrLastYear, double value, Result result, double distance) {
    Target target = new DirectionTarget(MeasurementUnit.INDEX, direction, reference, optional(baseline),
        reference == Reference.BASELINE ? Optional.of("2018") : Optional.empty(),
        size == null ? Optional.empty() : Optional.of(new Change(size, sizeUnit)), NONE);
    Period period = Period.parse(PeriodType.MONTH, "2023-08");
    OptionalDouble known = optional(previousOrLastYear);
    EvaluationInput input = new EvaluationInput(value, period,
        reference == Reference.PREVIOUS ? known : NONE, reference == Reference.SAME_PERIOD_LAST_YEAR ? known : NONE);

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(MeasurementUnit.INDEX, Polarity.LOWER_IS_BETTER,
        PeriodType.MONTH), List.of(target), input);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  /** 001_f694a8ad6a7b67a2.txt:192, "augustivärden 300 till 236": the reference is August a year earlier. */
  @Test
  void theSamePeriodLastYearIsFetchedOnlyWhenATargetNeedsIt() {
    Target minusTenPercent = new DirectionTarget(MeasurementUnit.ANTAL, Direction.DECREASE,
        Reference.SAME_PERIOD_LAST_YEAR, NONE, Optional.empty(), Optional.of(new Change(10, ChangeUnit.PERCENT)), NONE);
    Target previous = new DirectionTarget(MeasurementUnit.ANTAL, Direction.DECREASE, NONE, NONE);
    Period august = Period.parse(PeriodType.MONTH, "2023-08");
    Indicator kontrakt = indicator(MeasurementUnit.ANTAL, Polarity.LOWER_IS_BETTER, PeriodType.MONTH);

    Evaluation found = TargetEvaluator.evaluate(kontrakt, List.of(minusTenPercent), EvaluationInput.of(236, august,
        Map.of(Period.parse(PeriodType.MONTH, "2022-08"), 300.0, Period.parse(PeriodType.MONTH, "2023-07"), 240.0)));
    Evaluation missing = TargetEvaluator.evaluate(kontrakt, List.of(minusTenPercent), EvaluationInput.of(236, august,
        Map.of()));

    assertThat(EvaluationInput.referencePeriods(List.of(minusTenPercent), august)).extracting(Period::notation)
        .containsExactly("2023-07", "2022-08");
    assertThat(EvaluationInput.referencePeriods(List.of(previous), august)).extracting(Period::notation)
        .containsExactly("2023-07");
    assertThat(found.result()).isEqualTo(Result.UPPFYLLT);
    assertThat(found.previousValue()).hasValue(240.0);
    assertThat(missing.result()).isEqualTo(Result.INGET_MAL);
    assertThat(minusTenPercent.describeSwedish())
        .isEqualTo("minska med minst 10 % jämfört med samma period föregående år");
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3} {4} at {5} ({6}), value {7}: {8}")
  @CsvSource(delimiter = '|', value = {
      "003_71a42323f05a3944.txt:367 budget i balans 61 % -> 100 % 2021, delår jan–aug | 2020 | 61 | 2021 | 100 | interim | 2021-D8 | 72 | | EJ_UPPFYLLT | 15",
      "(rule) the same, exactly on the line 87 two thirds of the way             | 2020 | 61 | 2021 | 100 | interim | 2021-D8 | 87 | | UPPFYLLT | 0",
      "(rule) the same, 15 behind with a tolerance of 20                         | 2020 | 61 | 2021 | 100 | interim | 2021-D8 | 72 | 20 | DELVIS_UPPFYLLT | 15",
      "003_71a42323f05a3944.txt:367 the same, prognos 78 % for the goal year     | 2020 | 61 | 2021 | 100 | year | 2021 | 78 | | EJ_UPPFYLLT | 22",
      "004_5b12c98438409c4e.txt:443 Försörjningsstöd 20,3 -> 13,5 mkr 2023, 2021 | 2018 | 20.3 | 2023 | 13.5 | year | 2021 | 21.6 | | EJ_UPPFYLLT | 5.38",
      "004_5b12c98438409c4e.txt:447 Ekonomiskt bistånd 1310 -> 855 kr 2023, 2020 | 2018 | 1310 | 2023 | 855 | year | 2020 | 1213 | | EJ_UPPFYLLT | 85",
      "(rule) the same, 2019 exactly on the line 1219                             | 2018 | 1310 | 2023 | 855 | year | 2019 | 1219 | | UPPFYLLT | 0",
      "(rule) the same, after the goal year the goal stands                       | 2018 | 1310 | 2023 | 855 | year | 2025 | 856 | | EJ_UPPFYLLT | 1",
      "(rule) the same, in the baseline year the baseline is the line             | 2018 | 1310 | 2023 | 855 | year | 2018 | 1310 | | UPPFYLLT | 0",
  })
  void path(String source, String fromPeriod, double fromValue, String goalPeriod, double goalValue, String type,
      String period, double value, Double warning, Result result, double distance) {
    Target target = new PathTarget(MeasurementUnit.INDEX, fromPeriod, fromValue, goalPeriod, goalValue,
        optional(warning));

    Evaluation evaluation = evaluate(target, value, type, period);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  @Test
  void aPathReadsAsItsGoalAndTheOneTargetApiRefusesIt() {
    PathTarget target = new PathTarget(MeasurementUnit.PROCENT, "2020", 61, "2021", 100, NONE);

    assertThat(target.describeSwedish()).isEqualTo("100 % år 2021 (från 61 % år 2020)");
    assertThatThrownBy(() -> TargetEvaluator.evaluate(indicator(MeasurementUnit.PROCENT, Polarity.HIGHER_IS_BETTER,
        PeriodType.YEAR), Optional.of(target), 72, NONE)).isInstanceOf(IllegalArgumentException.class);
  }

  /** 001_f694a8ad6a7b67a2.txt:717: "1-2 är röd ..., 3 är gul ... och 4-5 är grön". */
  @ParameterizedTest(name = "{0}: betyg {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "001_f694a8ad6a7b67a2.txt:728 Rating dokument, medelbetyg 4,2     | 4.2 | UPPFYLLT",
      "001_f694a8ad6a7b67a2.txt:777 Rating samverkan insyn, medelbetyg 4,5 | 4.5 | UPPFYLLT",
      "(rule) 5 is grön                                                  | 5   | UPPFYLLT",
      "(rule) 4 is grön                                                  | 4   | UPPFYLLT",
      "(rule) 3,99 has not reached 4: gul                                | 3.99 | DELVIS_UPPFYLLT",
      "(rule) 3 is gul                                                   | 3   | DELVIS_UPPFYLLT",
      "(rule) 2,9 has not reached 3: röd                                 | 2.9 | EJ_UPPFYLLT",
      "(rule) 1 is röd                                                   | 1   | EJ_UPPFYLLT",
  })
  void ordinal(String source, double value, Result result) {
    Target rating = new OrdinalTarget(List.of(4.0, 5.0), List.of(3.0), List.of(1.0, 2.0));

    assertThat(evaluate(rating, value, "year", "2023").result()).isEqualTo(result);
  }

  @ParameterizedTest(name = "(rule) a scale where 1 is best: {0} -> {1}")
  @CsvSource({"1, UPPFYLLT", "2, UPPFYLLT", "2.5, DELVIS_UPPFYLLT", "3, DELVIS_UPPFYLLT", "3.2, EJ_UPPFYLLT"})
  void ordinalScaleMayRunEitherWay(double value, Result result) {
    Target rating = new OrdinalTarget(List.of(1.0, 2.0), List.of(3.0), List.of(4.0, 5.0));

    assertThat(evaluate(rating, value, "year", "2023").result()).isEqualTo(result);
  }

  @ParameterizedTest(name = "{0}: place {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "002_4528e150963d2f51.txt:415 Brukaren får den hjälp hen vill ha, topp 30 | 44 | EJ_UPPFYLLT | 14",
      "002_4528e150963d2f51.txt:415 Brukaren trivs alltid hemma, topp 30          | 66 | EJ_UPPFYLLT | 36",
      "000_63e6c9868031b1b7.txt:118 Serveringstillstånd plats 1 against topp 10   | 1  | UPPFYLLT    | 0",
  })
  void rank(String source, int place, Result result, double distance) {
    int top = source.contains("topp 10") ? 10 : 30;

    Evaluation evaluation = evaluate(new RankTarget(top, java.util.OptionalInt.empty()), place, "year", "2021");

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  /**
   * 000_63e6c9868031b1b7.txt:475, "ska öka för att nå ett balanstal mellan 0,8 och 1,0": a band and a direction on
   * the same value, the worst winning (the values are ours; the document gives none).
   */
  @ParameterizedTest(name = "(rule) balanstal {0} after {1} -> {2}, through {3}")
  @CsvSource({
      "0.7,  0.65, EJ_UPPFYLLT, band",
      "0.85, 0.9,  EJ_UPPFYLLT, direction",
      "0.9,  0.85, UPPFYLLT,    band",
      "0.9,      , UPPFYLLT,    band",
  })
  void severalTargetsAreJudgedTogetherAndTheWorstWins(double value, Double previous, Result result, String by) {
    Target band = new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE);
    Target rise = new DirectionTarget(MeasurementUnit.INDEX, Direction.INCREASE, NONE, NONE);
    Indicator balanstal = indicator(MeasurementUnit.INDEX, Polarity.INSIDE_BAND, PeriodType.YEAR);
    EvaluationInput input = EvaluationInput.of(value, Period.parse(PeriodType.YEAR, "2022"), optional(previous));

    Evaluation evaluation = TargetEvaluator.evaluate(balanstal, List.of(band, rise), input);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.target()).contains(by.equals("band") ? band : rise);
    assertThat(TargetEvaluator.evaluateEach(balanstal, List.of(band, rise), input)).hasSize(2);
  }

  @Test
  void withNoTargetThereIsNoVerdictAndRecoveryNeedsEveryJudgedTarget() {
    Indicator balanstal = indicator(MeasurementUnit.INDEX, Polarity.INSIDE_BAND, PeriodType.YEAR);
    Target band = new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE);
    Target rise = new DirectionTarget(MeasurementUnit.INDEX, Direction.INCREASE, NONE, NONE);
    Period year = Period.parse(PeriodType.YEAR, "2022");

    assertThat(TargetEvaluator.evaluate(balanstal, List.of(), EvaluationInput.of(0.9, year, NONE)).result())
        .isEqualTo(Result.INGET_MAL);
    assertThat(TargetEvaluator.recoveredByEach(balanstal, List.of(band, rise), EvaluationInput.of(0.9, year,
        OptionalDouble.of(0.85)), target -> 0)).isTrue();
    assertThat(TargetEvaluator.recoveredByEach(balanstal, List.of(band, rise), EvaluationInput.of(0.9, year,
        OptionalDouble.of(0.95)), target -> 0)).isFalse();
  }

  private static Evaluation evaluate(Target target, double value, String type, String period) {
    PeriodType periodType = PeriodType.fromCode(type).orElseThrow();
    return TargetEvaluator.evaluate(indicator(MeasurementUnit.INDEX, Polarity.LOWER_IS_BETTER, periodType),
        List.of(target), EvaluationInput.of(value, Period.parse(periodType, period), NONE));
  }

  private static Evaluation evaluate(Target target, double value, String year, Map<Period, Double> known) {
    return TargetEvaluator.evaluate(indicator(MeasurementUnit.INDEX, Polarity.LOWER_IS_BETTER, PeriodType.YEAR),
        List.of(target), EvaluationInput.of(value, Period.parse(PeriodType.YEAR, year), known));
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? NONE : OptionalDouble.of(value);
  }

  private static Indicator indicator(MeasurementUnit unit, Polarity polarity, PeriodType type) {
    return new Indicator("test-indicator", "Testindikator", "Testindikator", "Beskrivning.", unit, polarity, type,
        List.of(), "Treserva", Optional.empty(), Optional.empty(), Optional.empty(), List.of("test-goal"),
        new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15)),
        List.of(), Optional.empty());
  }
}
