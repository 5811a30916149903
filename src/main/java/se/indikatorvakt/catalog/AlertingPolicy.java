package se.indikatorvakt.catalog;

import java.time.Duration;
import java.util.Objects;

/**
 * How the alerting engine treats one indicator; what the indicator does not say comes from the service defaults.
 *
 * @param breachDurationBeforeFiring for day-level indicators: how long a breach must last before it fires
 * @param recoveryMargin hysteresis in the indicator's unit: how far on the good side a value must be to resolve
 * @param reportingGrace time after the end of a period before its missing report is alerted
 */
public record AlertingPolicy(int breachPeriodsBeforeFiring, Duration breachDurationBeforeFiring,
    double recoveryMargin, boolean notifyWarnings, Duration escalateAfter, Duration reminderInterval,
    Duration reportingGrace) {

  public AlertingPolicy {
    Objects.requireNonNull(breachDurationBeforeFiring, "breachDurationBeforeFiring");
    Objects.requireNonNull(escalateAfter, "escalateAfter");
    Objects.requireNonNull(reminderInterval, "reminderInterval");
    Objects.requireNonNull(reportingGrace, "reportingGrace");
  }
}
