package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;

/**
 * Judges a value against its målvärde. Pure.
 *
 * <p>Every target kind comes down to one line, the edge of uppfyllt, and an optional warning line behind it: the
 * value's <em>excess</em> is how far it lies past the edge on the bad side (negative inside the good side, 0 exactly
 * on it). Exactly on the edge is uppfyllt for inclusive targets (≤, ≥, a band's ends, a rank's top place) and not
 * for strict ones (&lt;, &gt;, a direction, which must actually move). Exactly on the warning line is delvis
 * uppfyllt. Arithmetic is decimal, so 0,3 against 0,1 + 0,2 is exactly on the line as the author meant.
 */
public final class TargetEvaluator {
  private TargetEvaluator() {}

  /**
   * @param previousValue the series' value for the previous period, if reported: the reference of direction targets
   *     without a baseline, and the base of the trend
   */
  public static Evaluation evaluate(Indicator indicator, Optional<Target> target, double value,
      OptionalDouble previousValue) {
    Objects.requireNonNull(indicator, "indicator");
    requireFinite(value, "value");
    previousValue.ifPresent(previous -> requireFinite(previous, "previousValue"));
    Optional<Trend> trend = trend(indicator.polarity(), target, value, previousValue);
    Optional<Verdict> verdict = target.flatMap(t -> judge(t, value, previousValue));
    if (verdict.isEmpty()) {
      return new Evaluation(Result.INGET_MAL, target, OptionalDouble.empty(), trend, previousValue);
    }
    return new Evaluation(verdict.get().result(), target, OptionalDouble.of(verdict.get().distance()), trend,
        previousValue);
  }

  /**
   * Whether a breaching series has recovered, for the alert lifecycle: the value is uppfyllt and at least
   * {@code margin} (in the indicator's unit) inside the good side, so a value hovering on the line does not make an
   * alert resolve and fire again each period. With margin 0 this is exactly uppfyllt. For a band the margin applies
   * to the nearer end; for a direction target to the reference (baseline, else the previous value).
   *
   * @throws IllegalArgumentException when margin is negative or not finite
   */
  public static boolean recovered(Indicator indicator, Target target, double value, OptionalDouble previousValue,
      double margin) {
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(target, "target");
    requireFinite(value, "value");
    if (!Double.isFinite(margin) || margin < 0) {
      throw new IllegalArgumentException("margin must be a finite number of at least 0, got " + margin);
    }
    return judge(target, value, previousValue)
        .filter(verdict -> verdict.result() == Result.UPPFYLLT)
        .filter(verdict -> verdict.excess().negate().compareTo(BigDecimal.valueOf(margin)) >= 0)
        .isPresent();
  }

  /**
   * @param excess how far past the edge of uppfyllt on the bad side; negative inside the good side
   * @param result the verdict; {@link #distance()} follows from it
   */
  private record Verdict(Result result, BigDecimal excess) {
    double distance() {
      return result == Result.UPPFYLLT ? 0 : excess.max(BigDecimal.ZERO).doubleValue();
    }

    /**
     * @param beyondWarning how far past the warning line on the bad side, when there is one
     */
    static Verdict of(BigDecimal excess, boolean inclusive, Optional<BigDecimal> beyondWarning) {
      int side = excess.signum();
      if (side < 0 || (side == 0 && inclusive)) {
        return new Verdict(Result.UPPFYLLT, excess);
      }
      boolean withinWarning = beyondWarning.filter(beyond -> beyond.signum() <= 0).isPresent();
      return new Verdict(withinWarning ? Result.DELVIS_UPPFYLLT : Result.EJ_UPPFYLLT, excess);
    }
  }

  private static Optional<Verdict> judge(Target target, double value, OptionalDouble previousValue) {
    BigDecimal v = decimal(value);
    if (target instanceof ThresholdTarget threshold) {
      return Optional.of(threshold(threshold, v));
    }
    if (target instanceof BandTarget band) {
      return Optional.of(band(band, v));
    }
    if (target instanceof DirectionTarget direction) {
      OptionalDouble reference = direction.baseline().isPresent() ? direction.baseline() : previousValue;
      return reference.isPresent() ? Optional.of(direction(direction, v, decimal(reference.getAsDouble())))
          : Optional.empty();
    }
    if (target instanceof RankTarget rank) {
      return Optional.of(rank(rank, v));
    }
    return Optional.empty();
  }

  private static Verdict threshold(ThresholdTarget target, BigDecimal value) {
    if (target.comparison() == ThresholdTarget.Comparison.EQUAL) {
      BigDecimal line = decimal(target.value());
      return Verdict.of(value.subtract(line).abs(), true,
          optional(target.warning()).map(warning -> value.subtract(line).abs().subtract(warning.subtract(line).abs())));
    }
    boolean higherIsGood = target.comparison().higherIsGood();
    return Verdict.of(shortfall(value, decimal(target.value()), higherIsGood), target.comparison().inclusive(),
        optional(target.warning()).map(warning -> shortfall(value, warning, higherIsGood)));
  }

  private static Verdict band(BandTarget target, BigDecimal value) {
    BigDecimal belowMin = decimal(target.min()).subtract(value);
    BigDecimal aboveMax = value.subtract(decimal(target.max()));
    Optional<BigDecimal> beyondWarning = belowMin.signum() > 0
        ? optional(target.warningMin()).map(line -> line.subtract(value))
        : optional(target.warningMax()).map(value::subtract);
    return Verdict.of(belowMin.max(aboveMax), true, beyondWarning);
  }

  /** Staying level is not the asked-for move, so the edge is strict; the tolerance is a warning line behind it. */
  private static Verdict direction(DirectionTarget target, BigDecimal value, BigDecimal reference) {
    boolean increase = target.direction() == DirectionTarget.Direction.INCREASE;
    BigDecimal wrongWay = shortfall(value, reference, increase);
    return Verdict.of(wrongWay, false, optional(target.warning()).map(wrongWay::subtract));
  }

  private static Verdict rank(RankTarget target, BigDecimal place) {
    return Verdict.of(place.subtract(BigDecimal.valueOf(target.top())), true,
        target.warning().isPresent()
            ? Optional.of(place.subtract(BigDecimal.valueOf(target.warning().getAsInt())))
            : Optional.empty());
  }

  /** How far the value falls short of the line on its bad side: below it when higher is good, above it otherwise. */
  private static BigDecimal shortfall(BigDecimal value, BigDecimal line, boolean higherIsGood) {
    return higherIsGood ? line.subtract(value) : value.subtract(line);
  }

  /**
   * Better or worse by the polarity. Inside a band, better means nearer its middle, so a value drifting towards
   * an edge shows as sämre before it leaves the band; without a band target such an indicator has no trend.
   */
  private static Optional<Trend> trend(Polarity polarity, Optional<Target> target, double value,
      OptionalDouble previousValue) {
    if (previousValue.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal now = decimal(value);
    BigDecimal before = decimal(previousValue.getAsDouble());
    int improvement;
    switch (polarity) {
      case LOWER_IS_BETTER -> improvement = before.compareTo(now);
      case HIGHER_IS_BETTER -> improvement = now.compareTo(before);
      default -> {
        Optional<BandTarget> band = target.filter(BandTarget.class::isInstance).map(BandTarget.class::cast);
        if (band.isEmpty()) {
          return Optional.empty();
        }
        BigDecimal middle = decimal(band.get().min()).add(decimal(band.get().max()));
        improvement = before.add(before).subtract(middle).abs().compareTo(now.add(now).subtract(middle).abs());
      }
    }
    return Optional.of(improvement > 0 ? Trend.BETTER : improvement < 0 ? Trend.WORSE : Trend.UNCHANGED);
  }

  private static Optional<BigDecimal> optional(OptionalDouble number) {
    return number.isPresent() ? Optional.of(decimal(number.getAsDouble())) : Optional.empty();
  }

  /** The shortest decimal that reads back as the double, i.e. the number as written in YAML or JSON. */
  private static BigDecimal decimal(double number) {
    return BigDecimal.valueOf(number);
  }

  private static void requireFinite(double number, String name) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + number);
    }
  }
}
