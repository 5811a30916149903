package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * The value must move one way ("öka", "minska") compared with a reference: the previous period, the same period a
 * year earlier, or a stated baseline; optionally by at least a size ("minska med 10 % jämfört med 2022", "öka med
 * minst 2 procentenheter"). Staying level is not a move.
 *
 * @param baseline the baseline's value, when the reference is a baseline
 * @param baselinePeriod the period of the baseline, where the document names it
 * @param by how much at least, when the document says
 * @param warning how far the value may move the wrong way (inclusive) and still be delvis uppfyllt
 */
public record DirectionTarget(MeasurementUnit unit, Direction direction, Reference reference, OptionalDouble baseline,
    Optional<String> baselinePeriod, Optional<Change> by, OptionalDouble warning) implements Target {

  public enum Direction implements Coded {
    INCREASE("increase", "öka"),
    DECREASE("decrease", "minska");

    private final String code;
    private final String swedish;

    Direction(String code, String swedish) {
      this.code = code;
      this.swedish = swedish;
    }

    @Override
    public String code() {
      return code;
    }

    public String swedish() {
      return swedish;
    }

    public static Optional<Direction> fromCode(String code) {
      return Codes.find(Direction.class, code);
    }
  }

  /** What the value is compared with. */
  public enum Reference implements Coded {
    PREVIOUS("previous", "jämfört med föregående period"),
    SAME_PERIOD_LAST_YEAR("same-period-last-year", "jämfört med samma period föregående år"),
    BASELINE("baseline", "");

    private final String code;
    private final String swedish;

    Reference(String code, String swedish) {
      this.code = code;
      this.swedish = swedish;
    }

    @Override
    public String code() {
      return code;
    }

    public static Optional<Reference> fromCode(String code) {
      return Codes.find(Reference.class, code);
    }
  }

  /** The unit of a size: percent of the reference, procentenheter, or the indicator's own unit. */
  public enum ChangeUnit implements Coded {
    PERCENT("percent"),
    POINTS("points"),
    ABSOLUTE("absolute");

    private final String code;

    ChangeUnit(String code) {
      this.code = code;
    }

    @Override
    public String code() {
      return code;
    }

    public static Optional<ChangeUnit> fromCode(String code) {
      return Codes.find(ChangeUnit.class, code);
    }
  }

  /** A size of a move, e.g. 10 percent or 2 procentenheter; never negative. */
  public record Change(double amount, ChangeUnit unit) {
    public Change {
      Objects.requireNonNull(unit, "unit");
      if (!(amount >= 0) || Double.isInfinite(amount)) {
        throw new IllegalArgumentException("a change must be a finite number of at least 0, got " + amount);
      }
    }
  }

  public DirectionTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(baselinePeriod, "baselinePeriod");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(warning, "warning");
    if (reference == Reference.BASELINE && baseline.isEmpty()) {
      throw new IllegalArgumentException("a baseline reference needs a baseline value");
    }
  }

  /** Against the stated baseline when there is one, else against the previous period. */
  public DirectionTarget(MeasurementUnit unit, Direction direction, OptionalDouble baseline, OptionalDouble warning) {
    this(unit, direction, baseline.isPresent() ? Reference.BASELINE : Reference.PREVIOUS, baseline, Optional.empty(),
        Optional.empty(), warning);
  }

  @Override
  public String describeSwedish() {
    StringBuilder text = new StringBuilder(direction.swedish);
    by.ifPresent(change -> text.append(" med minst ").append(size(change)));
    if (reference == Reference.BASELINE) {
      String base = SwedishNumbers.withUnit(SwedishNumbers.format(baseline.getAsDouble()), unit);
      text.append(baselinePeriod.map(period -> " jämfört med " + period + " (" + base + ")")
          .orElse(" från " + base));
    } else if (reference == Reference.SAME_PERIOD_LAST_YEAR || by.isPresent()) {
      text.append(' ').append(reference.swedish);
    }
    return text.toString();
  }

  /** The baseline; without one the reference is a value of the series itself, which differs per series. */
  @Override
  public OptionalDouble referenceValue() {
    return baseline;
  }

  @Override
  public OptionalDouble warningLine() {
    if (baseline.isEmpty() || warning.isEmpty()) {
      return OptionalDouble.empty();
    }
    double tolerance = direction == Direction.DECREASE ? warning.getAsDouble() : -warning.getAsDouble();
    return OptionalDouble.of(baseline.getAsDouble() + tolerance);
  }

  private String size(Change change) {
    String amount = SwedishNumbers.format(change.amount());
    return switch (change.unit()) {
      case PERCENT -> amount + " %";
      case POINTS -> amount + " procentenheter";
      case ABSOLUTE -> SwedishNumbers.withUnit(amount, unit);
    };
  }
}
