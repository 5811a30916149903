package se.indikatorvakt.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one number formatter of everything a manager reads (målvärden, emails, pages): decimal comma, a no-break space
 * between thousands from four digits on (so that 2 494 and 12 619 line up in one table), at most two decimals, an
 * ASCII minus so that every mail reader shows it.
 */
public final class SwedishNumbers {
  private static final char NO_BREAK_SPACE = '\u00a0';

  private SwedishNumbers() {}

  private static final int MAX_DECIMALS = 2;

  /** With as many decimals as the number needs, at most two: 90 → "90", 0.8 → "0,8", 0.333 → "0,33". */
  public static String format(double value) {
    return format(value, Math.min(MAX_DECIMALS, scale(value)));
  }

  /** With exactly {@code decimals} decimals, so that the two ends of a band line up: "0,8–1,0". */
  public static String format(double value, int decimals) {
    String plain = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).abs().toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : "," + plain.substring(point + 1);
    String sign = value < 0 && !isZero(plain) ? "-" : "";
    return sign + group(whole) + fraction;
  }

  /** The number followed by the unit's symbol, when it has one. */
  public static String withUnit(String number, MeasurementUnit unit) {
    return unit.symbol().isEmpty() ? number : number + " " + unit.symbol();
  }

  public static int scale(double value) {
    return Math.max(0, BigDecimal.valueOf(value).stripTrailingZeros().scale());
  }

  private static String group(String digits) {
    if (digits.length() < 4) {
      return digits;
    }
    StringBuilder grouped = new StringBuilder(digits);
    for (int i = digits.length() - 3; i > 0; i -= 3) {
      grouped.insert(i, NO_BREAK_SPACE);
    }
    return grouped.toString();
  }

  private static boolean isZero(String plain) {
    return plain.chars().allMatch(c -> c == '0' || c == '.');
  }
}
