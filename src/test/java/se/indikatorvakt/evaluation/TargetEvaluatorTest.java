package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

class TargetEvaluatorTest {
  private static final OptionalDouble NONE = OptionalDouble.empty();
  private static final Period TERTIAL = Period.parse(PeriodType.TERTIAL, "2022-T2");

  @ParameterizedTest(name = "{1} {0} {2} (warning {3}): {4} -> {5}, distance {6}")
  @CsvSource({
      // comparator, polarity, target, warning, value, result, distance
      "'<=', LOWER_IS_BETTER,  90,  120,  80,    UPPFYLLT,        0",
      "'<=', LOWER_IS_BETTER,  90,  120,  90,    UPPFYLLT,        0",
      "'<=', LOWER_IS_BETTER,  90,  120,  90.5,  DELVIS_UPPFYLLT, 0.5",
      "'<=', LOWER_IS_BETTER,  90,  120,  120,   DELVIS_UPPFYLLT, 30",
      "'<=', LOWER_IS_BETTER,  90,  120,  120.1, EJ_UPPFYLLT,     30.1",
      "'<=', LOWER_IS_BETTER,  90,     ,  91,    EJ_UPPFYLLT,     1",
      "'<',  LOWER_IS_BETTER,  35,     ,  34.9,  UPPFYLLT,        0",
      "'<',  LOWER_IS_BETTER,  35,     ,  35,    EJ_UPPFYLLT,     0",
      "'<',  LOWER_IS_BETTER,  35,   35,  35,    DELVIS_UPPFYLLT, 0",
      "'<',  LOWER_IS_BETTER,  9,    10,  9.5,   DELVIS_UPPFYLLT, 0.5",
      "'>=', HIGHER_IS_BETTER, 75,   60,  80,    UPPFYLLT,        0",
      "'>=', HIGHER_IS_BETTER, 75,   60,  75,    UPPFYLLT,        0",
      "'>=', HIGHER_IS_BETTER, 75,   60,  74.9,  DELVIS_UPPFYLLT, 0.1",
      "'>=', HIGHER_IS_BETTER, 75,   60,  60,    DELVIS_UPPFYLLT, 15",
      "'>=', HIGHER_IS_BETTER, 75,   60,  59.9,  EJ_UPPFYLLT,     15.1",
      "'>',  HIGHER_IS_BETTER, 0,      ,  0.01,  UPPFYLLT,        0",
      "'>',  HIGHER_IS_BETTER, 0,      ,  0,     EJ_UPPFYLLT,     0",
      "'>=', HIGHER_IS_BETTER, 0, -10000, -2500, DELVIS_UPPFYLLT, 2500",
      "'>=', HIGHER_IS_BETTER, 0, -10000, -10001, EJ_UPPFYLLT,    10001",
      "'<=', LOWER_IS_BETTER,  0.3,    ,  0.3,   UPPFYLLT,        0",
  })
  void thresholdComparesWithTheTargetAndTheWarningLine(String comparator, Polarity polarity, double target,
      Double warning, double value, Result result, double distance) {
    Target threshold = new ThresholdTarget(MeasurementUnit.INDEX, Comparison.fromCode(comparator).orElseThrow(),
        target, warning == null ? NONE : OptionalDouble.of(warning));

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(polarity), Optional.of(threshold), value, NONE);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
    assertThat(evaluation.target()).contains(threshold);
  }

  @ParameterizedTest(name = "0,8–1,0 warning {0}–{1}: {2} -> {3}, distance {4}")
  @CsvSource({
      // warningMin, warningMax, value, result, distance
      "0.7, 1.1, 0.9,   UPPFYLLT,        0",
      "0.7, 1.1, 0.8,   UPPFYLLT,        0",
      "0.7, 1.1, 1.0,   UPPFYLLT,        0",
      "0.7, 1.1, 0.79,  DELVIS_UPPFYLLT, 0.01",
      "0.7, 1.1, 0.7,   DELVIS_UPPFYLLT, 0.1",
      "0.7, 1.1, 0.69,  EJ_UPPFYLLT,     0.11",
      "0.7, 1.1, 1.1,   DELVIS_UPPFYLLT, 0.1",
      "0.7, 1.1, 1.25,  EJ_UPPFYLLT,     0.25",
      "0.7,    , 1.01,  EJ_UPPFYLLT,     0.01",
      "   , 1.1, 0.75,  EJ_UPPFYLLT,     0.05",
      "   ,    , 0.5,   EJ_UPPFYLLT,     0.3",
  })
  void bandIsMetBetweenItsEndsInclusiveWithAnOptionalWarningBandOnEachSide(Double warningMin, Double warningMax,
      double value, Result result, double distance) {
    Target band = new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0,
        warningMin == null ? NONE : OptionalDouble.of(warningMin),
        warningMax == null ? NONE : OptionalDouble.of(warningMax));

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.INSIDE_BAND), Optional.of(band), value,
        NONE);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  @ParameterizedTest(name = "{0} baseline {1} tolerance {2}, previous {3}: {4} -> {5}, distance {6}")
  @CsvSource({
      // direction, baseline, warning, previous, value, result, distance
      "DECREASE,   ,  , 50, 49,   UPPFYLLT,        0",
      "DECREASE,   ,  , 50, 50,   EJ_UPPFYLLT,     0",
      "DECREASE,   ,  , 50, 51,   EJ_UPPFYLLT,     1",
      "DECREASE,   , 2, 50, 50,   DELVIS_UPPFYLLT, 0",
      "DECREASE,   , 2, 50, 52,   DELVIS_UPPFYLLT, 2",
      "DECREASE,   , 2, 50, 52.5, EJ_UPPFYLLT,     2.5",
      "DECREASE, 42,  , 30, 41,   UPPFYLLT,        0",
      "DECREASE, 42,  , 30, 43,   EJ_UPPFYLLT,     1",
      "DECREASE, 42, 2,   , 44,   DELVIS_UPPFYLLT, 2",
      "INCREASE,   ,  , 18, 19,   UPPFYLLT,        0",
      "INCREASE,   ,  , 18, 18,   EJ_UPPFYLLT,     0",
      "INCREASE,   , 1, 18, 17,   DELVIS_UPPFYLLT, 1",
      "INCREASE, 19,  , 25, 20,   UPPFYLLT,        0",
      "INCREASE, 19, 1, 25, 17,   EJ_UPPFYLLT,     2",
  })
  void directionComparesWithTheBaselineElseThePreviousValue(Direction direction, Double baseline, Double warning,
      Double previous, double value, Result result, double distance) {
    Target target = new DirectionTarget(MeasurementUnit.ANTAL, direction,
        baseline == null ? NONE : OptionalDouble.of(baseline), warning == null ? NONE : OptionalDouble.of(warning));
    Polarity polarity = direction == Direction.DECREASE ? Polarity.LOWER_IS_BETTER : Polarity.HIGHER_IS_BETTER;

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(polarity), Optional.of(target), value,
        previous == null ? NONE : OptionalDouble.of(previous));

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  @Test
  void directionWithoutBaselineOrPreviousValueHasNoTarget() {
    Target target = new DirectionTarget(MeasurementUnit.ANTAL, Direction.DECREASE, NONE, NONE);

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(target), 12,
        NONE);

    assertThat(evaluation).isEqualTo(new Evaluation(Result.INGET_MAL, Optional.of(target), NONE, Optional.empty(),
        NONE));
  }

  @ParameterizedTest(name = "topp 30 (warning {0}): place {1} -> {2}, distance {3}")
  @CsvSource({
      "100,  1,   UPPFYLLT,        0",
      "100,  30,  UPPFYLLT,        0",
      "100,  31,  DELVIS_UPPFYLLT, 1",
      "100,  100, DELVIS_UPPFYLLT, 70",
      "100,  101, EJ_UPPFYLLT,     71",
      "   ,  31,  EJ_UPPFYLLT,     1",
  })
  void rankIsMetAtTheTopPlaceOrBetter(Integer warning, double place, Result result, double distance) {
    Target rank = new RankTarget(30, warning == null ? OptionalInt.empty() : OptionalInt.of(warning));

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(rank), place,
        NONE);

    assertThat(evaluation.result()).isEqualTo(result);
    assertThat(evaluation.distance()).hasValue(distance);
  }

  @Test
  void valueWithoutTargetHasIngetMalButStillATrend() {
    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.empty(), 12,
        OptionalDouble.of(14));

    assertThat(evaluation).isEqualTo(new Evaluation(Result.INGET_MAL, Optional.empty(), NONE,
        Optional.of(Trend.BETTER), OptionalDouble.of(14)));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2} is {3}")
  @CsvSource({
      "LOWER_IS_BETTER,  175, 134, BETTER",
      "LOWER_IS_BETTER,  134, 175, WORSE",
      "LOWER_IS_BETTER,  134, 134, UNCHANGED",
      "HIGHER_IS_BETTER, 60,  70,  BETTER",
      "HIGHER_IS_BETTER, 70,  60,  WORSE",
      "HIGHER_IS_BETTER, 0.3, 0.3, UNCHANGED",
      "INSIDE_BAND,      0.6, 0.85, BETTER",
      "INSIDE_BAND,      0.85, 0.9, BETTER",
      "INSIDE_BAND,      0.9, 0.95, WORSE",
      "INSIDE_BAND,      1.2, 0.5, WORSE",
      "INSIDE_BAND,      0.8, 1.0, UNCHANGED",
  })
  void trendIsJudgedByPolarity(Polarity polarity, double previous, double value, Trend trend) {
    Optional<Target> target = polarity == Polarity.INSIDE_BAND
        ? Optional.of(new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE)) : Optional.empty();

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(polarity), target, value, OptionalDouble.of(previous));

    assertThat(evaluation.trend()).contains(trend);
    assertThat(evaluation.previousValue()).hasValue(previous);
  }

  @Test
  void insideBandPolarityWithoutBandTargetHasNoTrend() {
    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.INSIDE_BAND), Optional.empty(), 1,
        OptionalDouble.of(2));

    assertThat(evaluation.trend()).isEmpty();
  }

  @Test
  void withoutPreviousValueThereIsNoTrend() {
    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(atMost(90)),
        80, NONE);

    assertThat(evaluation.trend()).isEmpty();
    assertThat(evaluation.previousValue()).isEmpty();
  }

  @Test
  void kalmarBeslutInomSkaligTid107DagarMotMal79IsEjUppfyllt() {
    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(atMost(79)),
        107, OptionalDouble.of(80));

    assertThat(evaluation.result()).isEqualTo(Result.EJ_UPPFYLLT);
    assertThat(evaluation.distance()).hasValue(28);
    assertThat(evaluation.trend()).contains(Trend.WORSE);
  }

  @Test
  void kalmarVantetidDagligVerksamhet175Till134DagarMotMal90IsEjUppfylltButBetter() {
    Target target = new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, 90, NONE);

    Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(target), 134,
        OptionalDouble.of(175));

    assertThat(evaluation.result()).isEqualTo(Result.EJ_UPPFYLLT);
    assertThat(evaluation.distance()).hasValue(44);
    assertThat(evaluation.trend()).contains(Trend.BETTER);
    assertThat(Trend.arrow(134, 175)).isEqualTo("↘");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"NaN, 1", "Infinity, 1", "1, NaN", "1, -Infinity"})
  void nonFiniteNumbersAreRefusedRatherThanJudged(double value, double previous) {
    assertThatThrownBy(() -> TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(atMost(90)),
        value, OptionalDouble.of(previous))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a finite number");
  }

  @Test
  void everyEvaluationOfFiniteNumbersIsFreeOfNaN() {
    List<Target> targets = List.of(atMost(90), new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE),
        new DirectionTarget(MeasurementUnit.INDEX, Direction.DECREASE, NONE, OptionalDouble.of(1)),
        new RankTarget(30, OptionalInt.of(100)));
    double[] values = {-Double.MAX_VALUE, -1e300, -1, 0, 1e-300, 1, 89.99999999, 90, 1e300, Double.MAX_VALUE};
    for (Target target : targets) {
      for (double value : values) {
        for (double previous : values) {
          Evaluation evaluation = TargetEvaluator.evaluate(indicator(Polarity.LOWER_IS_BETTER), Optional.of(target),
              value, OptionalDouble.of(previous));
          assertThat(evaluation.distance()).isPresent();
          assertThat(evaluation.distance().getAsDouble()).isNotNaN().isGreaterThanOrEqualTo(0);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} with margin {2}: {1} -> {3}")
  @CsvSource({
      // target, value, margin, recovered
      "'<= 90',      85,   5,   true",
      "'<= 90',      85.1, 5,   false",
      "'<= 90',      90,   0,   true",
      "'<= 90',      90.1, 0,   false",
      "'< 35',       35,   0,   false",
      "'< 35',       34,   1,   true",
      "'>= 75',      80,   5,   true",
      "'>= 75',      79,   5,   false",
      "'band',       0.9,  0.1, true",
      "'band',       0.95, 0.1, false",
      "'band',       0.85, 0.1, false",
      "'rank',       25,   5,   true",
      "'rank',       26,   5,   false",
      "'decrease',   40,   2,   true",
      "'decrease',   41,   2,   false",
      "'decrease',   42,   0,   false",
  })
  void recoveredNeedsUppfylltWithTheMarginOnTheGoodSide(String kind, double value, double margin,
      boolean recovered) {
    Target target = switch (kind) {
      case "<= 90" -> atMost(90);
      case "< 35" -> new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.BELOW, 35, NONE);
      case ">= 75" -> new ThresholdTarget(MeasurementUnit.PROCENT, Comparison.AT_LEAST, 75, NONE);
      case "band" -> new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE);
      case "rank" -> new RankTarget(30, OptionalInt.empty());
      default -> new DirectionTarget(MeasurementUnit.ANTAL, Direction.DECREASE, NONE, NONE);
    };

    assertThat(TargetEvaluator.recoveredByEach(indicator(Polarity.LOWER_IS_BETTER), List.of(target),
        EvaluationInput.of(value, TERTIAL, OptionalDouble.of(42)), judged -> margin)).isEqualTo(recovered);
  }

  @ParameterizedTest
  @CsvSource({"-1", "NaN"})
  void negativeOrUndefinedMarginIsRefused(double margin) {
    assertThatThrownBy(() -> TargetEvaluator.recoveredByEach(indicator(Polarity.LOWER_IS_BETTER), List.of(atMost(90)),
        EvaluationInput.of(80, TERTIAL, NONE), judged -> margin)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ThresholdTarget atMost(double target) {
    return new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, target, NONE);
  }

  private static Indicator indicator(Polarity polarity) {
    return new Indicator("test-indicator", "Testindikator", "Test", "Beskrivning.", MeasurementUnit.DAGAR, polarity,
        PeriodType.TERTIAL, List.of(), "Treserva", Optional.empty(), Optional.empty(), Optional.empty(),
        List.of("test-goal"), new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7), Duration.ofDays(3),
            Duration.ofDays(15)), List.of(), Optional.empty());
  }
}
