package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.evaluation.Result;

/**
 * The stored value of the latest period judged again because the nämnd changed its målvärde: the alert opens, clears
 * or resolves with the cause target-changed, without the recovery margin (the value did not move, the line did) and
 * without waiting for a revision to settle. Kalmar's väntetid till daglig verksamhet, 134 dagar in tertial 2 2022
 * (000_63e6c9868031b1b7.txt:1305), judged against a changed målvärde.
 */
class TargetChangedTransitionsTest {
  private static final Instant NOW = Instant.parse("2022-10-05T08:00:00Z");
  private static final Period T2 = Period.parse(PeriodType.TERTIAL, "2022-T2");

  /** Columns: open alert (none / state:severity), the new målvärde ≤ line (warning), result, stored revision. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a firing alert resolves when 134 meets ≤ 140          | firing:critical | 140 | 170 | met        | 2 | resolved | target-changed | resolved",
      "even just inside the new line: no margin applies     | firing:critical | 134 | 170 | met        | 2 | resolved | target-changed | resolved",
      "a pending breach clears                              | pending:warning | 140 | 170 | met        | 2 | inactive | target-changed | -",
      "a stricter målvärde opens an alert at once           | none            | 60  | 80  | not-met    | 2 | firing   | target-changed | firing",
      "a first value judged again fires as well              | none            | 60  | 80  | not-met    | 1 | firing   | target-changed | firing",
      "a firing alert only changes severity                 | firing:critical | 100 | 140 | partly-met | 2 | firing   | severity-fell  | -"})
  void anAlertOpensClearsOrResolvesBecauseTheTargetChanged(String behaviour, String open, double line,
      double warning, String result, int revision, String state, String cause, String email) {
    Indicator indicator = TestCatalog.vantetid(TestCatalog.policy(1, Duration.ZERO, 5, true));
    Target changed = new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, line,
        OptionalDouble.of(warning));
    Result judged = Result.fromCode(result).orElseThrow();
    Observation series = Observation.of(List.of(new Observation.PeriodResult(T2, 134, judged),
        new Observation.PeriodResult(T2.previous(), 175, Result.EJ_UPPFYLLT)), List.of(changed),
        OptionalDouble.of(175), revision > 1, true);
    Optional<AlertStateMachine.Open> alert = open.equals("none") ? Optional.empty()
        : Optional.of(new AlertStateMachine.Open(AlertState.fromCode(open.split(":")[0]).orElseThrow(),
            Severity.fromCode(open.split(":")[1]).orElseThrow(), NOW.minus(Duration.ofDays(30)), Optional.of("2022-T2"),
            open.startsWith("firing") ? Set.of(Severity.CRITICAL) : Set.of()));

    AlertStateMachine.Step step = AlertStateMachine.next(indicator, alert, series, NOW);

    assertThat(step.state().code()).as(behaviour).isEqualTo(state);
    assertThat(step.transitions().stream().map(t -> t.cause().code()).findFirst().orElse("-")).as(behaviour)
        .isEqualTo(cause);
    assertThat(step.notifications().stream().map(k -> k.code()).findFirst().orElse("-")).as(behaviour)
        .isEqualTo(email);
    assertThat(step.settleUntil()).as(behaviour + ": nothing waits for a revision to settle").isEmpty();
  }
}
