package se.indikatorvakt.alerting;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.ThresholdTarget;

/** Indicators for the pure tests, built like the catalog loader builds them. */
public final class TestCatalog {
  private TestCatalog() {}

  public static AlertingPolicy policy(int periods, Duration duration, double margin, boolean notifyWarnings) {
    return new AlertingPolicy(periods, duration, margin, notifyWarnings, Duration.ofDays(7), Duration.ofDays(3),
        Duration.ofDays(15));
  }

  /** Kalmar's väntetid till daglig verksamhet: dagar per tertial, ≤ 90 uppfyllt, up to 120 delvis, standing. */
  public static Indicator vantetid(AlertingPolicy policy) {
    return indicator("vantetid-daglig-verksamhet", MeasurementUnit.DAGAR, Polarity.LOWER_IS_BETTER,
        PeriodType.TERTIAL, policy, List.of(new TargetRule("2020", Optional.empty(),
            new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, 90, OptionalDouble.of(120)))));
  }

  public static Indicator indicator(String id, MeasurementUnit unit, Polarity polarity, PeriodType type,
      AlertingPolicy policy, List<TargetRule> targets) {
    return new Indicator(id, id, id, "Testindikator", unit, polarity, type, List.of("orgUnit"), "Treserva",
        Optional.empty(), Optional.empty(), Optional.empty(), List.of("testmal"), policy, targets, Optional.empty());
  }
}
