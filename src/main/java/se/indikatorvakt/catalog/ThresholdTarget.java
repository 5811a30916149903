package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * A number the value must be on the right side of ("minst 75 %", "understiger 35 dagar").
 *
 * @param warning the line up to which (inclusive) a value that misses the target is delvis uppfyllt; it lies on the
 *     bad side of {@code value}
 */
public record ThresholdTarget(MeasurementUnit unit, Comparison comparison, double value, OptionalDouble warning)
    implements Target {

  /** The comparator as written in YAML; the strict forms make a value exactly on the target miss it. */
  public enum Comparison implements Coded {
    AT_MOST("<=", "≤", false),
    BELOW("<", "<", false),
    AT_LEAST(">=", "≥", true),
    ABOVE(">", ">", true),
    /** Exactly the value; used for a count the nämnd sets to one number (no hidden side is "good"). */
    EQUAL("=", "=", false);

    private final String code;
    private final String sign;
    private final boolean higherIsGood;

    Comparison(String code, String sign, boolean higherIsGood) {
      this.code = code;
      this.sign = sign;
      this.higherIsGood = higherIsGood;
    }

    @Override
    public String code() {
      return code;
    }

    public boolean higherIsGood() {
      return higherIsGood;
    }

    public boolean inclusive() {
      return this == AT_MOST || this == AT_LEAST || this == EQUAL;
    }

    public static Optional<Comparison> fromCode(String code) {
      return Codes.find(Comparison.class, code);
    }
  }

  public ThresholdTarget {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(warning, "warning");
  }

  @Override
  public String describeSwedish() {
    return comparison.sign + " " + SwedishNumbers.withUnit(SwedishNumbers.format(value), unit);
  }

  @Override
  public OptionalDouble referenceValue() {
    return OptionalDouble.of(value);
  }

  @Override
  public OptionalDouble warningLine() {
    return warning;
  }
}
