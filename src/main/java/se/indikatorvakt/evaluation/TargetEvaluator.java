package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrdinalTarget;
import se.indikatorvakt.catalog.PathTarget;
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
 *
 * <p>A direction target's edge is its reference moved by its size, if any; with a size the edge is inclusive
 * ("minska med 10 %" is met by exactly 10 %). A path target's edge is its line at the period ({@link PathLine}),
 * inclusive, rising when the goal is above the baseline. An ordinal target's edge is its met level nearest the rest
 * of the scale: a value (a medelbetyg 4,2) gets the class of the best level it reaches. "=" has the edge on both
 * sides. Several targets on one value are judged
 * together: the worst result wins, ties going to the larger distance; targets that cannot be judged for lack of a
 * reference value are left out, and only when none can be judged is the result "inget mål".
 */
public final class TargetEvaluator {
  private TargetEvaluator() {}

  /**
   * Judges a value against one målvärde without knowing its period: for callers of the one-target catalog; path
   * targets need the period and are refused here.
   *
   * @param previousValue the series' value for the previous period, if reported: the reference of direction targets
   *     against the previous period, and the base of the trend
   * @throws IllegalArgumentException for a path target
   */
  public static Evaluation evaluate(Indicator indicator, Optional<Target> target, double value,
      OptionalDouble previousValue) {
    Objects.requireNonNull(indicator, "indicator");
    requireFinite(value, "value");
    previousValue.ifPresent(previous -> requireFinite(previous, "previousValue"));
    Optional<Trend> trend = trend(indicator.polarity(), target.stream().toList(), value, previousValue);
    Optional<Verdict> verdict = target.flatMap(t -> judge(t, value, Context.legacy(previousValue)));
    if (verdict.isEmpty()) {
      return new Evaluation(Result.INGET_MAL, target, OptionalDouble.empty(), trend, previousValue);
    }
    return new Evaluation(verdict.get().result(), target, OptionalDouble.of(verdict.get().distance()), trend,
        previousValue);
  }

  /** Each målvärde's own verdict, in the order given; see {@link #evaluate(Indicator, List, EvaluationInput)}. */
  public static List<Evaluation> evaluateEach(Indicator indicator, List<Target> targets, EvaluationInput input) {
    Objects.requireNonNull(indicator, "indicator");
    Optional<Trend> trend = trend(indicator.polarity(), targets, input.value(), input.previous());
    List<Evaluation> each = new ArrayList<>(targets.size());
    for (Target target : targets) {
      Optional<Verdict> verdict = judge(target, input.value(), Context.of(input));
      each.add(verdict.isEmpty()
          ? new Evaluation(Result.INGET_MAL, Optional.of(target), OptionalDouble.empty(), trend, input.previous())
          : new Evaluation(verdict.get().result(), Optional.of(target), OptionalDouble.of(verdict.get().distance()),
              trend, input.previous()));
    }
    return each;
  }

  /**
   * The verdict on a value against every målvärde that judges it (from {@code TargetSelection}): the worst result,
   * with the target and distance that gave it. No targets, or none that can be judged, is "inget mål".
   */
  public static Evaluation evaluate(Indicator indicator, List<Target> targets, EvaluationInput input) {
    List<Evaluation> each = evaluateEach(indicator, targets, input);
    Optional<Evaluation> worst = each.stream()
        .filter(evaluation -> evaluation.result() != Result.INGET_MAL)
        .min(Comparator.comparingInt((Evaluation evaluation) -> evaluation.result().score())
            .thenComparing(evaluation -> -evaluation.distance().orElse(0)));
    if (worst.isPresent()) {
      return worst.get();
    }
    return each.isEmpty()
        ? new Evaluation(Result.INGET_MAL, Optional.empty(), OptionalDouble.empty(),
            trend(indicator.polarity(), targets, input.value(), input.previous()), input.previous())
        : each.get(0);
  }

  /**
   * Whether a breaching series has recovered, for the alert lifecycle: the value is, by every målvärde that can be
   * judged with the input, uppfyllt and at least that målvärde's own margin (in the indicator's unit) inside its good
   * side, so a value hovering on the line does not make an alert resolve and fire again each period. With margin 0
   * this is exactly uppfyllt. For a band the margin applies to the nearer end, for a direction target to the
   * reference (baseline, else the previous value); a band and a direction on one indicator each keep their own
   * distance. A target
   * whose reference value the input lacks is not judged here; the caller holds the stored verdict, which judged it.
   *
   * @throws IllegalArgumentException when a margin is negative or not finite
   */
  public static boolean recoveredByEach(Indicator indicator, List<Target> targets, EvaluationInput input,
      ToDoubleFunction<Target> margin) {
    Objects.requireNonNull(indicator, "indicator");
    for (Target target : targets) {
      double own = margin.applyAsDouble(target);
      requireMargin(own);
      Optional<Verdict> verdict = judge(target, input.value(), Context.of(input));
      if (verdict.isPresent() && !verdict.get().recovered(own)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param excess how far past the edge of uppfyllt on the bad side; negative inside the good side
   * @param result the verdict; {@link #distance()} follows from it
   */
  private record Verdict(Result result, BigDecimal excess) {
    double distance() {
      return result == Result.UPPFYLLT ? 0 : excess.max(BigDecimal.ZERO).doubleValue();
    }

    boolean recovered(double margin) {
      return result == Result.UPPFYLLT && excess.negate().compareTo(BigDecimal.valueOf(margin)) >= 0;
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

  /**
   * The reference values at hand: the whole input, or for the one-target API only the previous value.
   */
  private record Context(OptionalDouble previous, Optional<EvaluationInput> input) {
    static Context of(EvaluationInput input) {
      return new Context(input.previous(), Optional.of(input));
    }

    static Context legacy(OptionalDouble previous) {
      return new Context(previous, Optional.empty());
    }

    OptionalDouble reference(DirectionTarget target) {
      if (input.isPresent()) {
        return input.get().reference(target);
      }
      return switch (target.reference()) {
        case PREVIOUS -> previous;
        case BASELINE -> target.baseline();
        case SAME_PERIOD_LAST_YEAR -> OptionalDouble.empty();
      };
    }
  }

  private static Optional<Verdict> judge(Target target, double value, Context context) {
    BigDecimal v = decimal(value);
    if (target instanceof ThresholdTarget threshold) {
      return Optional.of(threshold(threshold, v));
    }
    if (target instanceof BandTarget band) {
      return Optional.of(band(band, v));
    }
    if (target instanceof DirectionTarget direction) {
      OptionalDouble reference = context.reference(direction);
      return reference.isPresent() ? Optional.of(direction(direction, v, decimal(reference.getAsDouble())))
          : Optional.empty();
    }
    if (target instanceof PathTarget path) {
      EvaluationInput input = context.input().orElseThrow(() -> new IllegalArgumentException(
          "a path target is judged at a period; use evaluate(Indicator, List, EvaluationInput)"));
      return Optional.of(path(path, v, PathLine.at(path, input.period())));
    }
    if (target instanceof OrdinalTarget ordinal) {
      return Optional.of(ordinal(ordinal, v));
    }
    return Optional.of(rank((RankTarget) target, v));
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

  /**
   * Without a size, staying level is not the asked-for move, so the edge is strict; with one, reaching the size is
   * the move. The tolerance is a warning line behind the edge.
   */
  private static Verdict direction(DirectionTarget target, BigDecimal value, BigDecimal reference) {
    boolean increase = target.direction() == DirectionTarget.Direction.INCREASE;
    BigDecimal wrongWay = shortfall(value, edge(target, reference), increase);
    return Verdict.of(wrongWay, target.by().isPresent(), optional(target.warning()).map(wrongWay::subtract));
  }

  /**
   * The edge of uppfyllt for a reference value: the reference itself without a size, otherwise the reference moved
   * by the size (a percentage of its magnitude, so that a deficit of −100 tkr "ökar med 10 %" to −90).
   */
  private static BigDecimal edge(DirectionTarget target, BigDecimal reference) {
    if (target.by().isEmpty()) {
      return reference;
    }
    BigDecimal amount = decimal(target.by().get().amount());
    BigDecimal move = target.by().get().unit() == DirectionTarget.ChangeUnit.PERCENT
        ? reference.abs().multiply(amount).movePointLeft(2) : amount;
    return target.direction() == DirectionTarget.Direction.INCREASE ? reference.add(move) : reference.subtract(move);
  }

  private static Verdict path(PathTarget target, BigDecimal value, BigDecimal line) {
    BigDecimal behind = shortfall(value, line, target.goalValue() > target.baselineValue());
    return Verdict.of(behind, true, optional(target.warning()).map(behind::subtract));
  }

  /**
   * The met levels lie at the good end of the scale; the edge is the met level nearest the rest, the warning line
   * the partly level farthest from the met ones.
   */
  private static Verdict ordinal(OrdinalTarget target, BigDecimal value) {
    List<Double> rest = new ArrayList<>(target.partly());
    rest.addAll(target.notMet());
    boolean higherIsGood = rest.isEmpty() || Collections.max(target.met()) > Collections.max(rest);
    BigDecimal edge = decimal(higherIsGood ? Collections.min(target.met()) : Collections.max(target.met()));
    Optional<BigDecimal> warning = target.partly().isEmpty() ? Optional.empty()
        : Optional.of(decimal(higherIsGood ? Collections.min(target.partly()) : Collections.max(target.partly())));
    return Verdict.of(shortfall(value, edge, higherIsGood), true,
        warning.map(line -> shortfall(value, line, higherIsGood)));
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
  private static Optional<Trend> trend(Polarity polarity, List<Target> targets, double value,
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
        Optional<BandTarget> band = targets.stream().filter(BandTarget.class::isInstance).map(BandTarget.class::cast)
            .findFirst();
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

  private static void requireMargin(double margin) {
    if (!Double.isFinite(margin) || margin < 0) {
      throw new IllegalArgumentException("margin must be a finite number of at least 0, got " + margin);
    }
  }

  private static void requireFinite(double number, String name) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + number);
    }
  }
}
