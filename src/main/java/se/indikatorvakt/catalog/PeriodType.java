package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** How often an indicator is reported; {@link Period} holds the notation and arithmetic of each type. */
public enum PeriodType implements Coded {
  DAY("day", "a day like 2022-05-12"),
  MONTH("month", "a month like 2022-05"),
  QUARTER("quarter", "a quarter like 2022-Q1"),
  TERTIAL("tertial", "a tertial like 2022-T1"),
  INTERIM("interim", "an interim period like 2022-D8"),
  HALF_YEAR("half-year", "a half-year like 2022-H1"),
  YEAR("year", "a year like 2022"),
  ROLLING_12_MONTHS("rolling-12-months", "a rolling 12 months like 2022-05-R12");

  private final String code;
  private final String example;

  PeriodType(String code, String example) {
    this.code = code;
    this.example = example;
  }

  @Override
  public String code() {
    return code;
  }

  /** The notation this type expects, phrased for error messages. */
  String example() {
    return example;
  }

  /** The code, or the catalog format's short spellings {@code halfyear} and {@code rolling12}. */
  public static Optional<PeriodType> fromCode(String code) {
    String canonical = switch (code == null ? "" : code) {
      case "halfyear" -> HALF_YEAR.code;
      case "rolling12" -> ROLLING_12_MONTHS.code;
      default -> code;
    };
    return Codes.find(PeriodType.class, canonical);
  }
}
