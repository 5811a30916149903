package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.evaluation.EvaluationInput;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.TargetEvaluator;

/**
 * A firing alert on an indicator with several målvärden for one period recovers only when every one of them has,
 * each by its own margin: the value is judged by all of them together (worst wins) and the recovery looks at all of
 * them, whichever comes first in the file. Kalmar's väntetid till daglig verksamhet, ≤ 90 dagar with the warning
 * line 120 (000_63e6c9868031b1b7.txt:1322; the default margin is a quarter of 90 to 120, so 82,5), together with a
 * "minska" against the previous tertial or the same tertial a year earlier: the direction is our rule case.
 */
class MultiTargetRecoveryTest {
  private static final Instant NOW = Instant.parse("2022-09-10T08:00:00Z");
  private static final Target AT_MOST_90 = new ThresholdTarget(MeasurementUnit.DAGAR,
      ThresholdTarget.Comparison.AT_MOST, 90, OptionalDouble.of(120));
  private static final Target DECREASE = new DirectionTarget(MeasurementUnit.DAGAR, DirectionTarget.Direction.DECREASE,
      OptionalDouble.empty(), OptionalDouble.empty());
  private static final Target DECREASE_FROM_LAST_YEAR = new DirectionTarget(MeasurementUnit.DAGAR,
      DirectionTarget.Direction.DECREASE, DirectionTarget.Reference.SAME_PERIOD_LAST_YEAR, OptionalDouble.empty(),
      Optional.empty(), Optional.empty(), OptionalDouble.empty());
  private static final Map<String, Target> TARGETS = Map.of("<=90", AT_MOST_90, "minska", DECREASE,
      "minska-mot-fjolaret", DECREASE_FROM_LAST_YEAR);

  /**
   * Columns: the målvärden in the catalog's order, the latest value (2022-T2), the value of 2022-T1 and of 2021-T2
   * ("-" not reported); the combined verdict and the alert's state after the step, with its cause.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "both met beyond the margins resolve                 | minska <=90              | 80  | 95  | -   | met        | resolved | recovered",
      "direction first, met, but ≤ 90 inside its margin   | minska <=90              | 85  | 95  | -   | met        | firing   | -",
      "threshold first and met, a level value is no fall  | <=90 minska              | 80  | 80  | -   | not-met    | firing   | -",
      "met by the threshold, but the value rose: worst wins | <=90 minska             | 82  | 78  | -   | not-met    | firing   | -",
      "the same order the other way round                  | minska <=90              | 82  | 78  | -   | not-met    | firing   | -",
      "a year-earlier reference outside the read periods   | <=90 minska-mot-fjolaret | 80  | 95  | -   | met        | resolved | recovered",
      "a year-earlier value read that the value exceeds    | <=90 minska-mot-fjolaret | 80  | 95  | 79  | not-met    | firing   | -",
      "a year-earlier value read that the value is below   | minska-mot-fjolaret <=90 | 80  | 95  | 120 | met        | resolved | recovered",
      "one målvärde alone keeps its own margin             | <=90                     | 83  | 95  | -   | met        | firing   | -"})
  void everyTargetMustHaveRecoveredByItsOwnMargin(String behaviour, String targets, double value, String previous,
      String lastYear, String verdict, String state, String cause) {
    List<Target> inOrder = new ArrayList<>();
    for (String name : targets.split(" ")) {
      inOrder.add(TARGETS.get(name));
    }
    Indicator indicator = TestCatalog.indicator("vantetid-daglig-verksamhet", MeasurementUnit.DAGAR,
        Polarity.LOWER_IS_BETTER, PeriodType.TERTIAL, TestCatalog.policy(1, Duration.ZERO, 0, true),
        inOrder.stream().map(target -> new TargetRule("2022", Optional.empty(), target)).toList());
    Period latest = Period.parse(PeriodType.TERTIAL, "2022-T2");
    Map<Period, Double> known = new HashMap<>();
    OptionalDouble previousValue = number(previous);
    previousValue.ifPresent(v -> known.put(latest.previous(), v));
    number(lastYear).ifPresent(v -> known.put(latest.samePeriodLastYear(), v));
    Result judged = TargetEvaluator.evaluate(indicator, inOrder, EvaluationInput.of(value, latest, known)).result();
    List<Observation.PeriodResult> stored = new ArrayList<>();
    stored.add(new Observation.PeriodResult(latest, value, judged));
    stored.add(new Observation.PeriodResult(latest.previous(), previousValue.orElse(134), Result.EJ_UPPFYLLT));
    number(lastYear).ifPresent(v -> stored.add(new Observation.PeriodResult(latest.samePeriodLastYear(), v,
        Result.EJ_UPPFYLLT)));
    Observation series = Observation.of(stored, inOrder, previousValue, false, false);
    AlertStateMachine.Open firing = new AlertStateMachine.Open(AlertState.FIRING, Severity.CRITICAL,
        NOW.minus(Duration.ofDays(120)), Optional.of("2022-T1"), Set.of(Severity.CRITICAL));

    AlertStateMachine.Step step = AlertStateMachine.next(indicator, Optional.of(firing), series, NOW);

    assertThat(judged.code()).as(behaviour).isEqualTo(verdict);
    assertThat(step.state().code()).as(behaviour).isEqualTo(state);
    assertThat(step.transitions().stream().map(t -> t.cause().code()).findFirst().orElse("-")).as(behaviour)
        .isEqualTo(cause);
  }

  private static OptionalDouble number(String text) {
    return text.equals("-") ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text));
  }
}
