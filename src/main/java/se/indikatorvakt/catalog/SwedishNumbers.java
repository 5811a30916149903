package se.indikatorvakt.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as Swedish readers write them: decimal comma, and a space between thousands from five digits on. */
final class SwedishNumbers {
  private static final char NO_BREAK_SPACE = '\u00a0';

  private SwedishNumbers() {}

  /** With as many decimals as the number needs: 90 → "90", 0.8 → "0,8". */
  static String format(double value) {
    return format(value, scale(value));
  }

  /** With exactly {@code decimals} decimals, so that the two ends of a band line up: "0,8–1,0". */
  static String format(double value, int decimals) {
    String plain = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).abs().toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : "," + plain.substring(point + 1);
    String sign = value < 0 && !isZero(plain) ? "-" : "";
    return sign + group(whole) + fraction;
  }

  /** The number followed by the unit's symbol, when it has one. */
  static String withUnit(String number, MeasurementUnit unit) {
    return unit.symbol().isEmpty() ? number : number + " " + unit.symbol();
  }

  static int scale(double value) {
    return Math.max(0, BigDecimal.valueOf(value).stripTrailingZeros().scale());
  }

  private static String group(String digits) {
    if (digits.length() < 5) {
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
