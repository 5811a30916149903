package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** The unit an indicator is measured in, with the values that make sense in it. */
public enum MeasurementUnit implements Coded {
  PROCENT("procent", "%"),
  DAGAR("dagar", "dagar"),
  ANTAL("antal", "st"),
  KR("kr", "kr"),
  TKR("tkr", "tkr"),
  INDEX("index", ""),
  RANG("rang", "plats"),
  /** A grade on a scale the indicator's validRange and ordinal målvärde define (betyg 1–5). */
  BETYG("betyg", ""),
  /** A ratio of two figures, such as a balanstal. */
  KVOT("kvot", "");

  private final String code;
  private final String symbol;

  MeasurementUnit(String code, String symbol) {
    this.code = code;
    this.symbol = symbol;
  }

  @Override
  public String code() {
    return code;
  }

  /** What follows a number when shown to a manager; empty for index, where the number stands alone. */
  public String symbol() {
    return symbol;
  }

  public static Optional<MeasurementUnit> fromCode(String code) {
    return Codes.find(MeasurementUnit.class, code);
  }

  /** Why the value cannot be a measurement in this unit, or empty when it can. */
  public Optional<String> rangeProblem(double value) {
    if (!Double.isFinite(value)) {
      return Optional.of(code + " must be a finite number");
    }
    return switch (this) {
      case PROCENT -> value < 0 || value > 100 ? Optional.of("procent must be between 0 and 100") : Optional.empty();
      case DAGAR -> value < 0 ? Optional.of("dagar must not be negative") : Optional.empty();
      case ANTAL -> value < 0 || !isWhole(value)
          ? Optional.of("antal must be a whole number of at least 0") : Optional.empty();
      case RANG -> value < 1 || !isWhole(value)
          ? Optional.of("rang must be a whole number of at least 1") : Optional.empty();
      case KR, TKR, INDEX, BETYG, KVOT -> Optional.empty();
    };
  }

  /**
   * Whether values add up over units (counts and money): a target for such a total is about the total of the unit
   * it was set for, never about each unit below it or each kön.
   */
  public boolean isTotal() {
    return this == ANTAL || this == KR || this == TKR;
  }

  private static boolean isWhole(double value) {
    return value == Math.rint(value);
  }
}
