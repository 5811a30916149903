package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.TargetEvaluator;
import se.indikatorvakt.notification.NotificationKind;

/**
 * The lifecycle table of {@link AlertStateMachine}, transition by transition, and as series of values the way they
 * arrive: Kalmar's väntetid till daglig verksamhet (dagar per tertial, mål ≤ 90, delvis up to 120).
 */
class AlertStateMachineTest {
  private static final Instant T0 = Instant.parse("2022-05-02T08:00:00Z");
  private static final Target TARGET = new ThresholdTarget(MeasurementUnit.DAGAR,
      ThresholdTarget.Comparison.AT_MOST, 90, OptionalDouble.of(120));

  /**
   * Every transition of the table. Columns: open alert (none / state:severity), whether its breaching period is the
   * latest one (same) or an older one (older), latest result, breaching streak, latest value, policy
   * (periods/margin/notifyWarnings), notified severities; expected state, cause and email.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "first breach fires at once when one period is enough  | none             | -     | not-met    | 1 | 134 | 1/5/true  | -        | firing   | breach           | firing",
      "first breach waits when two periods are needed        | none             | -     | partly-met | 1 | 100 | 2/5/true  | -        | pending  | breach           | -",
      "a met value without an alert changes nothing          | none             | -     | met        | 0 | 80  | 1/5/true  | -        | inactive | -                | -",
      "no målvärde opens nothing                             | none             | -     | no-target  | 0 | 500 | 1/5/true  | -        | inactive | -                | -",
      "second breaching period fires a pending alert         | pending:warning  | older | not-met    | 2 | 134 | 2/5/true  | -        | firing   | breach-persisted | firing",
      "pending stays pending while the streak is short       | pending:warning  | older | partly-met | 1 | 100 | 3/5/true  | -        | pending  | -                | -",
      "pending clears on a met value (no margin needed)      | pending:warning  | older | met        | 0 | 89  | 2/5/true  | -        | inactive | cleared          | -",
      "pending clears when its breach is revised away        | pending:warning  | same  | met        | 0 | 89  | 2/5/true  | -        | inactive | revision         | -",
      "firing stays firing on the same severity, no email    | firing:critical  | older | not-met    | 2 | 134 | 1/5/true  | critical | firing   | -                | -",
      "warning rising to critical emails again               | firing:warning   | older | not-met    | 2 | 134 | 1/5/true  | warning  | firing   | severity-rose    | firing",
      "rising again to an already notified severity is quiet | firing:warning   | older | not-met    | 2 | 134 | 1/5/true  | critical | firing   | severity-rose    | -",
      "critical falling to warning is recorded, not emailed  | firing:critical  | older | partly-met | 2 | 100 | 1/5/true  | critical | firing   | severity-fell    | -",
      "revision of the breaching value resolves at once      | firing:critical  | same  | met        | 0 | 88  | 1/5/true  | critical | resolved | revision         | resolved",
      "a period without målvärde is told, never as met       | firing:critical  | older | no-target  | 0 | 134 | 1/5/true  | critical | firing   | -                | target-missing",
      "recovery beyond the margin resolves                   | firing:critical  | older | met        | 0 | 85  | 1/5/true  | critical | resolved | recovered        | resolved",
      "met but inside the margin keeps firing (hysteresis)   | firing:critical  | older | met        | 0 | 88  | 1/5/true  | critical | firing   | -                | -",
      "margin 0 is the default: 90 is met but too close      | firing:warning   | older | met        | 0 | 90  | 1/0/true  | warning  | firing   | -                | -",
      "the default margin, a quarter of 90 to 120, resolves  | firing:warning   | older | met        | 0 | 82  | 1/0/true  | warning  | resolved | recovered        | resolved",
      "nobody told it fired is not told it resolved          | firing:warning   | older | met        | 0 | 80  | 1/5/false | -        | resolved | recovered        | -",
      "quiet warnings fire without email                     | none             | -     | partly-met | 1 | 100 | 1/5/false | -        | firing   | breach           | -",
      "quiet warnings still email when critical              | none             | -     | not-met    | 1 | 134 | 1/5/false | -        | firing   | breach           | firing"})
  void everyTransitionOfTheTable(String behaviour, String open, String breachPeriod, String result, int streak,
      double value, String policy, String notified, String state, String cause, String email) {
    Indicator indicator = TestCatalog.vantetid(policy(policy));
    Period latest = Period.parse(PeriodType.TERTIAL, "2022-T2");
    Optional<AlertStateMachine.Open> alert = open.equals("none") ? Optional.empty()
        : Optional.of(new AlertStateMachine.Open(AlertState.fromCode(open.split(":")[0]).orElseThrow(),
            Severity.fromCode(open.split(":")[1]).orElseThrow(), T0,
            Optional.of(breachPeriod.equals("same") ? "2022-T2" : "2022-T1"), severities(notified)));
    Result latestResult = Result.fromCode(result).orElseThrow();
    Optional<Target> target = latestResult == Result.INGET_MAL ? Optional.empty() : Optional.of(TARGET);
    Observation series = new Observation(latest, value, latestResult, target, OptionalDouble.empty(), streak,
        Duration.ofDays(120L * streak));

    AlertStateMachine.Step step = AlertStateMachine.next(indicator, alert, series, T0.plus(Duration.ofDays(1)));

    assertThat(step.state().code()).as(behaviour).isEqualTo(state);
    assertThat(step.transitions().stream().map(t -> t.cause().code()).findFirst().orElse("-")).as(behaviour)
        .isEqualTo(cause);
    assertThat(step.notifications().stream().map(k -> k.code()).findFirst().orElse("-")).as(behaviour)
        .isEqualTo(email);
  }

  /**
   * Series as they arrive, one tertial after another from 2022-T1; "=v" revises the latest period to v.
   * Outcome per value: the state after it, "rose"/"fell" for severity changes, "+mail" when an email is wanted.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Kalmar: 175 then 134 fires once, resolves below 85     | 1/5/true  | 175 134 88 84       | firing+mail firing firing resolved+mail",
      "a value hovering on the line fires once by default     | 1/0/true  | 91 89 91 89 82      | firing+mail firing firing firing resolved+mail",
      "a source re-posting 91/89/91/89/91 mails once          | 1/0/true  | 91 =89 =91 =89 =91  | firing+mail firing firing firing firing",
      "the last revision is judged once it has settled        | 1/0/true  | 91 =89 =91 =89 +PT31M | firing+mail firing firing firing resolved+mail",
      "a breach made by a revision waits, then fires          | 1/5/true  | 80 =130 +PT31M      | inactive pending firing+mail",
      "a breach revised in and out again never fires          | 1/5/true  | 80 =130 =80 +PT31M  | inactive pending pending inactive",
      "the same values with a margin of 5 fire once           | 1/5/true  | 91 89 91 89 84      | firing+mail firing firing firing resolved+mail",
      "two breaching periods are needed before firing         | 2/5/true  | 95 95 130 88        | pending firing+mail rose+mail firing",
      "a met period between breaches restarts the count       | 2/5/true  | 95 80 95 95         | pending inactive pending firing+mail",
      "severity follows the value, each severity mailed once  | 1/5/true  | 100 130 100 130     | firing+mail rose+mail fell rose",
      "quiet warnings notify only when critical               | 1/5/false | 100 80 100 130 80   | firing resolved firing rose+mail resolved+mail",
      "a revision that removes the breach resolves settled    | 1/5/true  | 130 =88 +PT31M      | firing+mail firing resolved+mail",
      "a revision that keeps the breach keeps the alert       | 1/5/true  | 130 =125            | firing+mail firing",
      "a revision to a warning lowers the severity            | 1/5/true  | 130 =100            | firing+mail fell",
      "a pending breach revised away never fires              | 2/5/true  | 95 =80 +PT31M 95    | pending pending inactive pending",
      "after resolving, a new breach opens a new episode      | 1/5/true  | 130 80 130          | firing+mail resolved+mail firing+mail"})
  void seriesOfValues(String behaviour, String policy, String values, String expected) {
    Simulation series = new Simulation(TestCatalog.vantetid(policy(policy)), PeriodType.TERTIAL, "2022-T1");
    List<String> outcomes = new ArrayList<>();
    for (String token : values.split(" ")) {
      outcomes.add(token.startsWith("=") ? series.revise(Double.parseDouble(token.substring(1)))
          : token.startsWith("+") ? series.wait(Duration.parse(token.substring(1)))
          : series.next(Double.parseDouble(token)));
    }
    assertThat(String.join(" ", outcomes)).as(behaviour).isEqualTo(expected);
  }

  /** Sjukfrånvaro per month (mål ≤ 7 %, delvis up to 9 %): one good month is noise, two in a row resolve. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "one good month does not resolve a monthly alert       | 9.5 6 9.5 6 6 | firing+mail firing firing firing resolved+mail",
      "inside the default margin (0,5) is not good enough    | 9.5 6.8 6.8   | firing+mail firing firing"})
  void monthlySeriesNeedTwoGoodMonthsToResolve(String behaviour, String values, String expected) {
    Indicator indicator = TestCatalog.indicator("sjukfranvaro", MeasurementUnit.PROCENT, Polarity.LOWER_IS_BETTER,
        PeriodType.MONTH, TestCatalog.policy(1, Duration.ZERO, 0, true), List.of(new TargetRule("2022",
            Optional.empty(), new ThresholdTarget(MeasurementUnit.PROCENT, ThresholdTarget.Comparison.AT_MOST, 7,
                OptionalDouble.of(9)))));
    Simulation series = new Simulation(indicator, PeriodType.MONTH, "2022-01");
    List<String> outcomes = new ArrayList<>();
    for (String token : values.split(" ")) {
      outcomes.add(series.next(Double.parseDouble(token)));
    }
    assertThat(String.join(" ", outcomes)).as(behaviour).isEqualTo(expected);
  }

  /**
   * A day-level indicator (handläggningstid, dagar per dag, mål ≤ 14) that must breach for three days before it
   * fires: by the days the breach covers, or by the time it has been pending ("+PT72H" lets time pass without a
   * value, as the scheduler does).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "three breaching days fire on the third             | 20 20 20        | pending pending firing+mail",
      "a good day in between starts over                  | 20 20 10 20 20  | pending pending inactive pending pending",
      "a breach that lasts three days without new values  | 20 +PT71H +PT1H | pending pending firing+mail",
      "a breach that clears before it lasted never fires  | 20 +PT24H 10    | pending pending inactive"})
  void dayLevelBreachMustLast(String behaviour, String values, String expected) {
    AlertingPolicy policy = new AlertingPolicy(1, Duration.ofDays(3), 0, true, Duration.ofDays(7),
        Duration.ofDays(1), Duration.ofDays(2));
    Indicator indicator = TestCatalog.indicator("handlaggningstid", MeasurementUnit.DAGAR, Polarity.LOWER_IS_BETTER,
        PeriodType.DAY, policy, List.of(new TargetRule("2022", Optional.empty(), new ThresholdTarget(
            MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, 14, OptionalDouble.empty()))));
    Simulation series = new Simulation(indicator, PeriodType.DAY, "2022-05-02");
    List<String> outcomes = new ArrayList<>();
    for (String token : values.split(" ")) {
      outcomes.add(token.startsWith("+") ? series.wait(Duration.parse(token.substring(1)))
          : series.next(Double.parseDouble(token)));
    }
    assertThat(String.join(" ", outcomes)).as(behaviour).isEqualTo(expected);
  }

  @ParameterizedTest(name = "streak {0} of 2 needed, 3 days: fires by time at {1}")
  @CsvSource({"1, -", "2, 2022-05-05T08:00:00Z"})
  void onlyABreachThatLacksNothingButTimeWaitsForTheClock(int streak, String fireAt) {
    AlertingPolicy policy = new AlertingPolicy(2, Duration.ofDays(3), 0, true, Duration.ofDays(7),
        Duration.ofDays(1), Duration.ofDays(2));
    Indicator indicator = TestCatalog.indicator("handlaggningstid", MeasurementUnit.DAGAR, Polarity.LOWER_IS_BETTER,
        PeriodType.DAY, policy, List.of());
    Observation series = new Observation(Period.parse(PeriodType.DAY, "2022-05-02"), 20, Result.EJ_UPPFYLLT,
        Optional.of(TARGET), OptionalDouble.empty(), streak, Duration.ofDays(streak));

    AlertStateMachine.Step step = AlertStateMachine.next(indicator, Optional.empty(), series, T0);

    assertThat(step.state()).isEqualTo(AlertState.PENDING);
    assertThat(step.fireAt().map(Instant::toString).orElse("-")).isEqualTo(fireAt);
  }

  private static AlertingPolicy policy(String text) {
    String[] parts = text.split("/");
    return TestCatalog.policy(Integer.parseInt(parts[0]), Duration.ZERO, Double.parseDouble(parts[1]),
        Boolean.parseBoolean(parts[2]));
  }

  private static Set<Severity> severities(String codes) {
    Set<Severity> set = EnumSet.noneOf(Severity.class);
    if (!codes.equals("-")) {
      for (String code : codes.split(",")) {
        set.add(Severity.fromCode(code).orElseThrow());
      }
    }
    return set;
  }

  /** A series fed value by value, applying each step the way the engine stores it. */
  private static final class Simulation {
    private final Indicator indicator;
    private final TreeMap<LocalDate, Observation.PeriodResult> stored = new TreeMap<>();
    private Period next;
    private Optional<AlertStateMachine.Open> open = Optional.empty();
    private Instant now = T0;
    private boolean revised;

    Simulation(Indicator indicator, PeriodType type, String first) {
      this.indicator = indicator;
      this.next = Period.parse(type, first);
    }

    String next(double value) {
      Period period = next;
      next = next.next();
      now = now.plus(Duration.ofHours(1));
      revised = false;
      return write(period, value);
    }

    String revise(double value) {
      now = now.plus(Duration.ofMinutes(1));
      revised = true;
      return write(stored.lastEntry().getValue().period(), value);
    }

    String wait(Duration time) {
      now = now.plus(time);
      return evaluate();
    }

    private String write(Period period, double value) {
      Optional<Target> target = indicator.targets().stream()
          .filter(rule -> rule.covers(period))
          .map(TargetRule::target).findFirst();
      Observation.PeriodResult before = stored.lowerEntry(period.end()) == null ? null
          : stored.lowerEntry(period.end()).getValue();
      OptionalDouble previous = before == null ? OptionalDouble.empty() : OptionalDouble.of(before.value());
      Result result = TargetEvaluator.evaluate(indicator, target, value, previous).result();
      stored.put(period.end(), new Observation.PeriodResult(period, value, result));
      return evaluate();
    }

    private String evaluate() {
      Observation.PeriodResult latest = stored.lastEntry().getValue();
      List<Target> targets = indicator.targets().stream()
          .filter(rule -> rule.covers(latest.period()))
          .map(TargetRule::target).toList();
      Observation series = Observation.of(new ArrayList<>(stored.descendingMap().values()), targets,
          OptionalDouble.empty(), revised, false);
      AlertStateMachine.Step step = AlertStateMachine.next(indicator, open, series, now);
      apply(step, series);
      String outcome = step.transitions().isEmpty() ? step.state().code()
          : step.transitions().get(0).changesState() ? step.transitions().get(0).to().code()
          : step.transitions().get(0).cause() == Cause.SEVERITY_ROSE ? "rose" : "fell";
      return outcome + (step.notifications().isEmpty() ? "" : "+mail");
    }

    private void apply(AlertStateMachine.Step step, Observation series) {
      if (!step.state().open()) {
        open = Optional.empty();
        return;
      }
      Instant openedAt = open.map(AlertStateMachine.Open::openedAt).orElse(now);
      Set<Severity> notified = EnumSet.noneOf(Severity.class);
      open.ifPresent(o -> notified.addAll(o.notified()));
      if (step.notifications().contains(NotificationKind.FIRING)) {
        notified.add(step.severity().orElseThrow());
      }
      Optional<String> breachPeriod = series.breach().isPresent() ? Optional.of(series.latest().notation())
          : open.flatMap(AlertStateMachine.Open::breachPeriod);
      open = Optional.of(new AlertStateMachine.Open(step.state(), step.severity().orElseThrow(), openedAt,
          breachPeriod, notified, step.settleUntil()));
    }
  }
}
