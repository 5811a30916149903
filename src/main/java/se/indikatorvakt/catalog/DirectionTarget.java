package se.indikatorvakt.catalog;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The value must move one way ("öka", "minska") compared with a reference: the previous period, the same period a
 * year earlier, or a stated baseline ("jämfört med 2022"), optionally by at least a size ("minska med 10 %", "öka
 * med minst 2 procentenheter"). Without a size, staying level is not a move.
 *
 * @param baselinePeriod the period of the baseline when the document names it; its value is looked up in the series
 *     when {@code baseline} is not stated
 * @param baseline the baseline's value when the document states it
 * @param warning how far the value may miss the edge of uppfyllt the wrong way (inclusive) and still be delvis
 *     uppfyllt
 */
public record DirectionTarget(MeasurementUnit unit, Direction direction, Reference reference,
    Optional<String> baselinePeriod, OptionalDouble baseline, Optional<Change> by, OptionalDouble warning)
    implements Target {

  public enum Direction {
    INCREASE("increase", "öka"),
    DECREASE("decrease", "minska");

    private final String code;
    private final String swedish;

    Direction(String code, String swedish) {
      this.code = code;
      this.swedish = swedish;
    }

    public String code() {
      return code;
    }

    public String swedish() {
      return swedish;
    }

    public static Optional<Direction> fromCode(String code) {
      return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }
  }

  /** What the value is compared with. */
  public enum Reference {
    PREVIOUS("previous"),
    SAME_PERIOD_LAST_YEAR("same-period-last-year"),
    BASELINE("baseline");

    private final String code;

    Reference(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Reference> fromCode(String code) {
      return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
  }

  /** How a size is measured: a share of the reference, procentenheter, or the indicator's own unit. */
  public enum ChangeUnit {
    PERCENT("percent"),
    POINTS("points"),
    ABSOLUTE("absolute");

    private final String code;

    ChangeUnit(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<ChangeUnit> fromCode(String code) {
      return Arrays.stream(values()).filter(u -> u.code.equals(code)).findFirst();
    }
  }

  /** The least move that meets the target. */
  public record Change(double amount, ChangeUnit unit) {
    public Change {
      Objects.requireNonNull(unit, "unit");
      if (!Double.isFinite(amount) || amount <= 0) {
        throw new IllegalArgumentException("a size must be a number greater than 0, got " + amount);
      }
    }
  }

  public DirectionTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(baselinePeriod, "baselinePeriod");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(warning, "warning");
    boolean hasBaseline = baselinePeriod.isPresent() || baseline.isPresent();
    if (hasBaseline != (reference == Reference.BASELINE)) {
      throw new IllegalArgumentException("a baseline goes with reference baseline and only with it");
    }
  }

  /** A target of the one-period catalog format: against the stated baseline, else the previous period's value. */
  public DirectionTarget(MeasurementUnit unit, Direction direction, OptionalDouble baseline, OptionalDouble warning) {
    this(unit, direction, baseline.isPresent() ? Reference.BASELINE : Reference.PREVIOUS, Optional.empty(),
        baseline, Optional.empty(), warning);
  }

  /**
   * The edge of uppfyllt for a reference value: the reference itself without a size, otherwise the reference moved
   * by the size (a percentage of its magnitude, so that a deficit of −100 tkr "minskar med 10 %" to −110).
   */
  public BigDecimal edge(BigDecimal referenceValue) {
    if (by.isEmpty()) {
      return referenceValue;
    }
    BigDecimal amount = BigDecimal.valueOf(by.get().amount());
    BigDecimal move = by.get().unit() == ChangeUnit.PERCENT
        ? referenceValue.abs().multiply(amount).movePointLeft(2) : amount;
    return direction == Direction.INCREASE ? referenceValue.add(move) : referenceValue.subtract(move);
  }

  @Override
  public String describeSwedish() {
    StringBuilder text = new StringBuilder(direction.swedish);
    by.ifPresent(change -> text.append(" med minst ").append(switch (change.unit()) {
      case PERCENT -> SwedishNumbers.format(change.amount()) + " %";
      case POINTS -> SwedishNumbers.format(change.amount()) + " procentenheter";
      case ABSOLUTE -> SwedishNumbers.withUnit(SwedishNumbers.format(change.amount()), unit);
    }));
    switch (reference) {
      case PREVIOUS -> {
        if (by.isPresent()) {
          text.append(" jämfört med perioden innan");
        }
      }
      case SAME_PERIOD_LAST_YEAR -> text.append(" jämfört med samma period året innan");
      case BASELINE -> {
        String value = baseline.isPresent()
            ? SwedishNumbers.withUnit(SwedishNumbers.format(baseline.getAsDouble()), unit) : "";
        if (baselinePeriod.isPresent()) {
          text.append(" jämfört med ").append(baselinePeriod.get()).append(value.isEmpty() ? "" : " (" + value + ")");
        } else {
          text.append(" från ").append(value);
        }
      }
    }
    return text.toString();
  }

  /** The edge of uppfyllt when the baseline's value is stated; otherwise it differs per series. */
  @Override
  public OptionalDouble referenceValue() {
    return baseline.isPresent() ? OptionalDouble.of(edge(BigDecimal.valueOf(baseline.getAsDouble())).doubleValue())
        : OptionalDouble.empty();
  }

  @Override
  public OptionalDouble warningLine() {
    if (baseline.isEmpty() || warning.isEmpty()) {
      return OptionalDouble.empty();
    }
    BigDecimal edge = edge(BigDecimal.valueOf(baseline.getAsDouble()));
    BigDecimal tolerance = BigDecimal.valueOf(warning.getAsDouble());
    return OptionalDouble.of((direction == Direction.DECREASE ? edge.add(tolerance) : edge.subtract(tolerance))
        .doubleValue());
  }
}
