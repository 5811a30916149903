package se.indikatorvakt.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads an indicator's {@code alerting:} block; what it leaves out comes from the service defaults. */
final class AlertingPolicyReader {
  private AlertingPolicyReader() {}

  static Optional<AlertingPolicy> read(Optional<YamlMap> block, AlertingPolicy defaults) {
    if (block.isEmpty()) {
      return Optional.of(defaults);
    }
    YamlMap alerting = block.get();
    int before = alerting.problemCount();
    alerting.rejectUnknown(Set.of("breachPeriodsBeforeFiring", "breachDurationBeforeFiring", "recoveryMargin",
        "notifyWarnings", "escalateAfter", "reminderInterval", "reportingGrace"));
    int periods = alerting.optionalInteger("breachPeriodsBeforeFiring").orElse(defaults.breachPeriodsBeforeFiring());
    if (periods < 1) {
      alerting.problem("breachPeriodsBeforeFiring", "must be at least 1, got " + periods);
    }
    double margin = alerting.optionalNumber("recoveryMargin").orElse(defaults.recoveryMargin());
    if (margin < 0) {
      alerting.problem("recoveryMargin", "must not be negative, got " + margin);
    }
    AlertingPolicy policy = new AlertingPolicy(periods,
        duration(alerting, "breachDurationBeforeFiring", defaults.breachDurationBeforeFiring(), false),
        margin,
        alerting.optionalBoolean("notifyWarnings").orElse(defaults.notifyWarnings()),
        duration(alerting, "escalateAfter", defaults.escalateAfter(), true),
        duration(alerting, "reminderInterval", defaults.reminderInterval(), true),
        duration(alerting, "reportingGrace", defaults.reportingGrace(), false));
    return alerting.problemCount() == before ? Optional.of(policy) : Optional.empty();
  }

  /** Escalation and reminders repeat after their interval, so a zero one would repeat at once. */
  private static Duration duration(YamlMap alerting, String key, Duration fallback, boolean positive) {
    Duration duration = alerting.optionalDuration(key).orElse(fallback);
    if (duration.isNegative() || (positive && duration.isZero())) {
      alerting.problem(key, "must be " + (positive ? "longer than zero" : "zero or longer") + ", got " + duration);
    }
    return duration;
  }
}
