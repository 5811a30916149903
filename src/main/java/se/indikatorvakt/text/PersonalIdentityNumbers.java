package se.indikatorvakt.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Swedish personnummer and samordningsnummer in free text, so that no text that could identify a person is
 * stored, logged or mailed. A candidate is 10 or 12 digits, optionally with "-", "+" or a space before the last four,
 * standing alone (not part of a longer number); it counts only with a date that exists (the day plus 60 for a
 * samordningsnummer) and a correct Luhn check digit over the last ten digits. That keeps dates, day counts, phone
 * numbers and amounts out: nine in ten random digit strings fail the check digit, and most fail the date.
 * Never returns or logs what it found.
 */
public final class PersonalIdentityNumbers {
  private static final Pattern CANDIDATE = Pattern.compile("(?<!\\d)(\\d{8}|\\d{6})[-+ ]?(\\d{4})(?!\\d)");
  private static final int SAMORDNINGSNUMMER_DAY_OFFSET = 60;
  private static final String MASK = "[personnummer]";

  private PersonalIdentityNumbers() {}

  public static boolean containsAny(String text) {
    if (text == null) {
      return false;
    }
    Matcher matcher = CANDIDATE.matcher(text);
    int from = 0;
    while (from < text.length() && matcher.find(from)) {
      if (isIdentityNumber(matcher.group(1), matcher.group(2))) {
        return true;
      }
      from = matcher.start() + 1;
    }
    return false;
  }

  /** The text with every personnummer and samordningsnummer in it replaced, for text that is shown back to a caller. */
  public static String masked(String text) {
    if (text == null || !containsAny(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    Matcher matcher = CANDIDATE.matcher(text);
    int copied = 0;
    int from = 0;
    while (from < text.length() && matcher.find(from)) {
      if (isIdentityNumber(matcher.group(1), matcher.group(2))) {
        out.append(text, copied, matcher.start()).append(MASK);
        copied = matcher.end();
        from = matcher.end();
      } else {
        from = matcher.start() + 1;
      }
    }
    return out.append(text.substring(copied)).toString();
  }

  private static boolean isIdentityNumber(String datePart, String lastFour) {
    String tenDigits = datePart.substring(datePart.length() - 6) + lastFour;
    return hasValidDate(datePart) && luhnValid(tenDigits);
  }

  /** Ten digits carry no century, so any century in which the date exists will do. */
  private static boolean hasValidDate(String datePart) {
    int month = Integer.parseInt(datePart.substring(datePart.length() - 4, datePart.length() - 2));
    int day = Integer.parseInt(datePart.substring(datePart.length() - 2));
    if (day > SAMORDNINGSNUMMER_DAY_OFFSET) {
      day -= SAMORDNINGSNUMMER_DAY_OFFSET;
    }
    int yearOfCentury = Integer.parseInt(datePart.substring(datePart.length() - 6, datePart.length() - 4));
    if (datePart.length() == 8) {
      int century = Integer.parseInt(datePart.substring(0, 2));
      return century >= 18 && century <= 20 && exists(century * 100 + yearOfCentury, month, day);
    }
    for (int century = 18; century <= 20; century++) {
      if (exists(century * 100 + yearOfCentury, month, day)) {
        return true;
      }
    }
    return false;
  }

  private static boolean exists(int year, int month, int day) {
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** Luhn with weights 2, 1, 2, 1, ... from the left over the ten digits, the last being the check digit. */
  private static boolean luhnValid(String tenDigits) {
    int sum = 0;
    for (int i = 0; i < tenDigits.length(); i++) {
      int product = (tenDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    return sum % 10 == 0;
  }
}
