package se.indikatorvakt.catalog;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reporting period in its written notation ({@code 2022-T1}, {@code 2022-D8}, {@code 2022-05-R12}, ...).
 *
 * <p>Interim (delår) and rolling 12-month periods overlap one another; they form a monthly sequence named after their
 * last month, so {@link #previous()} of {@code 2022-D8} is {@code 2022-D7} and of {@code 2022-D1} is {@code 2021-D12}.
 *
 * @param end the last day of the period, inclusive
 */
public record Period(PeriodType type, LocalDate start, LocalDate end, String notation) {
  private static final String[] MONTHS = {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
      "september", "oktober", "november", "december"};
  private static final String[] MONTHS_SHORT = {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
      "nov", "dec"};
  private static final String YEAR = "([12]\\d{3})";
  private static final Pattern DAY = Pattern.compile(YEAR + "-(\\d{2})-(\\d{2})");
  private static final Pattern MONTH = Pattern.compile(YEAR + "-(\\d{2})");
  private static final Pattern QUARTER = Pattern.compile(YEAR + "-Q([1-4])");
  private static final Pattern TERTIAL = Pattern.compile(YEAR + "-T([1-3])");
  private static final Pattern INTERIM = Pattern.compile(YEAR + "-D([1-9]|1[0-2])");
  private static final Pattern HALF_YEAR = Pattern.compile(YEAR + "-H([12])");
  private static final Pattern WHOLE_YEAR = Pattern.compile(YEAR);
  private static final Pattern ROLLING = Pattern.compile(YEAR + "-(\\d{2})-R12");

  public Period {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(notation, "notation");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("period " + notation + " ends before it starts");
    }
  }

  /** @throws IllegalArgumentException naming the expected notation when the text is not a period of the type */
  public static Period parse(PeriodType type, String notation) {
    Objects.requireNonNull(type, "type");
    if (notation == null) {
      throw new IllegalArgumentException("expected " + type.example() + ", got nothing");
    }
    // a day, the notation of every day-level value posted and of every one the alert engine reads back, is checked
    // character by character: its regular expression was a visible part of a single POST's CPU time
    Matcher m = type == PeriodType.DAY ? null : pattern(type).matcher(notation);
    if (m == null ? !isDay(notation) : !m.matches()) {
      throw new IllegalArgumentException("expected " + type.example() + ", got '" + notation + "'");
    }
    // every notation begins with its four-digit year
    int year = Integer.parseInt(notation, 0, 4, 10);
    try {
      return switch (type) {
        case DAY -> {
          LocalDate day = LocalDate.of(year, Integer.parseInt(notation, 5, 7, 10),
              Integer.parseInt(notation, 8, 10, 10));
          yield new Period(type, day, day, notation);
        }
        case MONTH -> months(type, YearMonth.of(year, Integer.parseInt(m.group(2))), 1, notation);
        case QUARTER -> months(type, YearMonth.of(year, 3 * Integer.parseInt(m.group(2))), 3, notation);
        case TERTIAL -> months(type, YearMonth.of(year, 4 * Integer.parseInt(m.group(2))), 4, notation);
        case INTERIM -> {
          int months = Integer.parseInt(m.group(2));
          yield months(type, YearMonth.of(year, months), months, notation);
        }
        case HALF_YEAR -> months(type, YearMonth.of(year, 6 * Integer.parseInt(m.group(2))), 6, notation);
        case YEAR -> months(type, YearMonth.of(year, 12), 12, notation);
        case ROLLING_12_MONTHS -> months(type, YearMonth.of(year, Integer.parseInt(m.group(2))), 12, notation);
      };
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("expected " + type.example() + ", got '" + notation
          + "', which is not a date in the calendar", e);
    }
  }

  /** What {@link #DAY} matches: {@code [12]ddd-dd-dd}, ASCII digits only. */
  private static boolean isDay(String notation) {
    if (notation.length() != 10 || notation.charAt(4) != '-' || notation.charAt(7) != '-'
        || notation.charAt(0) != '1' && notation.charAt(0) != '2') {
      return false;
    }
    for (int i = 1; i < 10; i++) {
      char c = notation.charAt(i);
      if (i != 4 && i != 7 && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** The type whose notation the text is, or empty when it is no valid period at all. */
  public static Optional<PeriodType> detectType(String notation) {
    if (notation == null) {
      return Optional.empty();
    }
    return Arrays.stream(PeriodType.values())
        .filter(type -> pattern(type).matcher(notation).matches())
        .filter(type -> isValid(type, notation))
        .findFirst();
  }

  /**
   * The period of the type that holds the day. For interim and rolling periods, which overlap, it is the one ending
   * with the day's month: the period a report made after that month would cover.
   */
  public static Period containing(PeriodType type, LocalDate day) {
    int year = day.getYear();
    if (year < 1000 || year > 2999) {
      // outside the years a notation can be written with: parse names the notation it cannot accept
      return parse(type, day.toString());
    }
    int month = day.getMonthValue();
    // built directly, not through parse: every value judged asks for the periods before it
    return switch (type) {
      case DAY -> new Period(type, day, day, day.toString());
      case MONTH -> months(type, YearMonth.from(day), 1, YearMonth.from(day).toString());
      case QUARTER -> ofMonths(type, year, month, 3, "-Q");
      case TERTIAL -> ofMonths(type, year, month, 4, "-T");
      case INTERIM -> months(type, YearMonth.of(year, month), month, year + "-D" + month);
      case HALF_YEAR -> ofMonths(type, year, month, 6, "-H");
      case YEAR -> months(type, YearMonth.of(year, 12), 12, Integer.toString(year));
      case ROLLING_12_MONTHS -> months(type, YearMonth.from(day), 12, YearMonth.from(day) + "-R12");
    };
  }

  /** @throws IllegalArgumentException when the text is a period of no type */
  public static Period parseAny(String notation) {
    return detectType(notation).map(type -> parse(type, notation))
        .orElseThrow(() -> new IllegalArgumentException("expected a period like 2022, 2022-T1, 2022-Q3 or 2022-05, "
            + "got '" + notation + "'"));
  }

  /** The period of the same type at the same time of another year: {@code 2022-T2} for {@code 2023-T2}. */
  public Period inYear(int otherYear) {
    return containing(type, end.withYear(otherYear));
  }

  public Period samePeriodLastYear() {
    return inYear(year() - 1);
  }

  public Period previous() {
    return overlapping() ? containing(type, end.minusMonths(1)) : containing(type, start.minusDays(1));
  }

  public Period next() {
    return overlapping() ? containing(type, end.plusMonths(1)) : containing(type, end.plusDays(1));
  }

  /**
   * The year the period belongs to, as written in its notation; for a rolling 12 months that is the year of its last
   * month, so {@code 2022-05-R12} belongs to 2022 although it starts in June 2021.
   */
  public int year() {
    return end.getYear();
  }

  public LocalDate endExclusive() {
    return end.plusDays(1);
  }

  public boolean contains(LocalDate day) {
    return !day.isBefore(start) && !day.isAfter(end);
  }

  /** How a manager reads the period in Swedish, e.g. "tertial 1 2022" or "delår jan–aug 2022". */
  public String swedishLabel() {
    int year = year();
    int lastMonth = end.getMonthValue();
    return switch (type) {
      case DAY -> start.getDayOfMonth() + " " + MONTHS[lastMonth - 1] + " " + year;
      case MONTH -> MONTHS[lastMonth - 1] + " " + year;
      case QUARTER -> "kvartal " + (lastMonth / 3) + " " + year;
      case TERTIAL -> "tertial " + (lastMonth / 4) + " " + year;
      case INTERIM -> (lastMonth == 1 ? "delår jan " : "delår jan–" + MONTHS_SHORT[lastMonth - 1] + " ") + year;
      case HALF_YEAR -> "halvår " + (lastMonth / 6) + " " + year;
      case YEAR -> Integer.toString(year);
      case ROLLING_12_MONTHS -> "rullande 12 mån t.o.m. " + MONTHS[lastMonth - 1] + " " + year;
    };
  }

  @Override
  public String toString() {
    return notation;
  }

  private boolean overlapping() {
    return type == PeriodType.INTERIM || type == PeriodType.ROLLING_12_MONTHS;
  }

  /** The n-th period of {@code months} months of the year that holds the month, named with its number. */
  private static Period ofMonths(PeriodType type, int year, int month, int months, String marker) {
    int n = (month - 1) / months + 1;
    return months(type, YearMonth.of(year, months * n), months, year + marker + n);
  }

  /** The period of {@code months} whole months ending with {@code last}. */
  private static Period months(PeriodType type, YearMonth last, int months, String notation) {
    return new Period(type, last.minusMonths(months - 1L).atDay(1), last.atEndOfMonth(), notation);
  }

  private static boolean isValid(PeriodType type, String notation) {
    try {
      parse(type, notation);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Pattern pattern(PeriodType type) {
    return switch (type) {
      case DAY -> DAY;
      case MONTH -> MONTH;
      case QUARTER -> QUARTER;
      case TERTIAL -> TERTIAL;
      case INTERIM -> INTERIM;
      case HALF_YEAR -> HALF_YEAR;
      case YEAR -> WHOLE_YEAR;
      case ROLLING_12_MONTHS -> ROLLING;
    };
  }
}
