package se.indikatorvakt.alerting;

import java.util.OptionalDouble;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;

/**
 * How far on the good side a value must be before a firing alert resolves, when the indicator does not say
 * ({@code recoveryMargin} 0, the default). Pure. A quarter of the distance between the målvärde and the warning line
 * where the target has one (≤ 90 dagar, delvis up to 120: resolves at 82,5 or less); without one, by unit:
 *
 * <pre>
 * procent          1 procentenhet
 * dagar, antal     5 % of the målvärde, at least 1
 * kr, tkr, index   2 % of the målvärde (a band: 10 % of its width)
 * rang             1 placering
 * </pre>
 * A direction target without a baseline compares with the period before, which moves with the series, and a path
 * or a list of values has no single line to keep away from: no margin.
 */
final class RecoveryMargin {
  static final double SHARE_OF_WARNING_DISTANCE = 0.25;

  private RecoveryMargin() {}

  static double of(Indicator indicator, Target target) {
    double own = indicator.alerting().recoveryMargin();
    return own > 0 ? own : byDefault(indicator.unit(), target);
  }

  static double byDefault(MeasurementUnit unit, Target target) {
    if (target instanceof ThresholdTarget t && t.warning().isPresent()) {
      return SHARE_OF_WARNING_DISTANCE * Math.abs(t.value() - t.warning().getAsDouble());
    }
    if (target instanceof RankTarget r) {
      return r.warning().isPresent() ? Math.max(1, Math.floor(SHARE_OF_WARNING_DISTANCE
          * (r.warning().getAsInt() - r.top()))) : 1;
    }
    if (target instanceof DirectionTarget d) {
      return d.warning().isPresent() && d.baseline().isPresent()
          ? SHARE_OF_WARNING_DISTANCE * d.warning().getAsDouble() : 0;
    }
    if (target instanceof BandTarget b) {
      OptionalDouble nearest = nearestWarning(b);
      return nearest.isPresent() ? SHARE_OF_WARNING_DISTANCE * nearest.getAsDouble() : 0.1 * (b.max() - b.min());
    }
    if (!(target instanceof ThresholdTarget threshold)) {
      return 0;
    }
    double line = Math.abs(threshold.value());
    return switch (unit) {
      case PROCENT -> 1;
      case DAGAR, ANTAL -> Math.max(1, 0.05 * line);
      case KR, TKR, INDEX, KVOT -> 0.02 * line;
      case RANG -> 1;
      case BETYG -> 0.25;
    };
  }

  private static OptionalDouble nearestWarning(BandTarget b) {
    double below = b.warningMin().isPresent() ? b.min() - b.warningMin().getAsDouble() : Double.MAX_VALUE;
    double above = b.warningMax().isPresent() ? b.warningMax().getAsDouble() - b.max() : Double.MAX_VALUE;
    double nearest = Math.min(below, above);
    return nearest == Double.MAX_VALUE ? OptionalDouble.empty() : OptionalDouble.of(nearest);
  }
}
