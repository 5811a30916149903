package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.TargetScope;
import se.indikatorvakt.catalog.ThresholdTarget;

class MissingReportsTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  @ParameterizedTest(name = "{0} with grace {1} at {2}: {3} is the latest period due")
  @CsvSource(delimiter = '|', value = {
      "tertial           | P15D  | 2022-05-15T21:59:59Z | 2021-T3",
      "tertial           | P15D  | 2022-05-15T22:00:00Z | 2022-T1",
      "month             | P15D  | 2022-05-16T08:00:00Z | 2022-04",
      "quarter           | P30D  | 2022-04-30T22:00:00Z | 2022-Q1",
      "quarter           | P30D  | 2022-04-30T21:59:59Z | 2021-Q4",
      "year              | P120D | 2023-04-30T12:00:00Z | 2021",
      "year              | P120D | 2023-05-02T12:00:00Z | 2022",
      "day               | P2D   | 2022-05-12T10:00:00Z | 2022-05-09",
      "rolling-12-months | P30D  | 2022-06-30T22:00:00Z | 2022-05-R12",
      "half-year         | P15D  | 2022-07-20T12:00:00Z | 2022-H1",
      "interim           | P30D  | 2022-09-30T22:00:00Z | 2022-D8"})
  void reportIsDueAtTheEndOfItsPeriodPlusGraceInLocalTime(String type, String grace, String now, String due) {
    Indicator indicator = TestCatalog.indicator("x", MeasurementUnit.ANTAL, Polarity.LOWER_IS_BETTER,
        PeriodType.fromCode(type).orElseThrow(), policy(Duration.parse(grace)), List.of());
    assertThat(MissingReports.due(indicator, Instant.parse(now), STOCKHOLM).notation()).isEqualTo(due);
  }

  @Test
  void unitsWithTheirOwnTargetForThePeriodAreExpected() {
    Indicator indicator = TestCatalog.indicator("x", MeasurementUnit.DAGAR, Polarity.LOWER_IS_BETTER,
        PeriodType.TERTIAL, policy(Duration.ofDays(15)), List.of(
            rule("2022", null, null), rule("2022", null, "enhet-a"), rule("2022-T2", null, "enhet-b"),
            rule("2021", "2021", "enhet-c"), rule("2020", null, "enhet-d")));
    assertThat(MissingReports.unitsWithOwnTarget(indicator, Period.parse(PeriodType.TERTIAL, "2022-T1")))
        .containsExactly("enhet-a", "enhet-d");
    assertThat(MissingReports.unitsWithOwnTarget(indicator, Period.parse(PeriodType.TERTIAL, "2022-T2")))
        .containsExactly("enhet-a", "enhet-b", "enhet-d");
  }

  private static TargetRule rule(String from, String until, String unit) {
    return new TargetRule(from, Optional.ofNullable(until), Optional.ofNullable(unit), TargetScope.UNIT, Gender.T,
        new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, 90, OptionalDouble.empty()),
        false, Optional.empty(), Optional.empty());
  }

  private static AlertingPolicy policy(Duration grace) {
    return new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7), Duration.ofDays(3), grace);
  }
}
