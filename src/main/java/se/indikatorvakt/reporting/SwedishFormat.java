package se.indikatorvakt.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.evaluation.Result;

/** Numbers, dates and verdicts as a Swedish report writes them. */
final class SwedishFormat {
  static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
  private static final char NO_BREAK_SPACE = '\u00a0';
  private static final int MAX_DECIMALS = 2;

  private SwedishFormat() {}

  /** Decimal comma, at most two decimals, a space between thousands from five digits on: 10 280,5. */
  static String number(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(MAX_DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
    String plain = rounded.abs().toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : "," + plain.substring(point + 1);
    return (rounded.signum() < 0 ? "−" : "") + group(whole) + fraction;
  }

  static String withUnit(double value, MeasurementUnit unit) {
    return unit.symbol().isEmpty() ? number(value) : number(value) + NO_BREAK_SPACE + unit.symbol();
  }

  static String date(Instant instant, ZoneId zone) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy", SWEDISH).withZone(zone).format(instant);
  }

  static String dateTime(Instant instant, ZoneId zone) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy 'kl.' HH:mm", SWEDISH).withZone(zone).format(instant);
  }

  /** The verdict as the documents write it at the start of a cell: "Uppfyllt", "Delvis uppfyllt". */
  static String verdict(Result result) {
    String words = result.swedish();
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** A CSS class per verdict; the colour always comes with the words, never alone. */
  static String verdictClass(Result result) {
    return switch (result) {
      case UPPFYLLT -> "uppfyllt";
      case DELVIS_UPPFYLLT -> "delvis";
      case EJ_UPPFYLLT -> "ej-uppfyllt";
      case INGET_MAL -> "inget-mal";
    };
  }

  /** "sex av sju": numbers up to twelve in words, as the documents write a roll-up. */
  static String count(int n) {
    String[] words = {"noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"};
    return n >= 0 && n < words.length ? words[n] : Integer.toString(n);
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
}
