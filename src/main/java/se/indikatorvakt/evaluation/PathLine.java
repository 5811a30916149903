package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.YearMonth;
import se.indikatorvakt.catalog.PathTarget;
import se.indikatorvakt.catalog.Period;

/**
 * Where a path target's straight line stands at a period, pure. A period's place on the line is its last day, counted
 * in whole months when the baseline, the goal and the period all end with a month (every type but day), so a tertial
 * two thirds of the way reaches exactly two thirds of the rise; otherwise in days. Before the baseline the line is the
 * baseline, from the goal on it is the goal.
 *
 * @throws IllegalArgumentException when a period of the target is not a period notation
 */
public final class PathLine {
  private PathLine() {}

  public static BigDecimal at(PathTarget target, Period period) {
    LocalDate from = Period.parseAny(target.baselinePeriod()).end();
    LocalDate to = Period.parseAny(target.goalPeriod()).end();
    LocalDate at = period.end();
    BigDecimal start = BigDecimal.valueOf(target.baselineValue());
    BigDecimal goal = BigDecimal.valueOf(target.goalValue());
    if (!at.isAfter(from)) {
      return start;
    }
    if (!at.isBefore(to)) {
      return goal;
    }
    boolean monthly = isMonthEnd(from) && isMonthEnd(to) && isMonthEnd(at);
    long passed = monthly ? months(from, at) : at.toEpochDay() - from.toEpochDay();
    long whole = monthly ? months(from, to) : to.toEpochDay() - from.toEpochDay();
    BigDecimal rise = goal.subtract(start).multiply(BigDecimal.valueOf(passed))
        .divide(BigDecimal.valueOf(whole), MathContext.DECIMAL64);
    return start.add(rise);
  }

  private static boolean isMonthEnd(LocalDate day) {
    return day.equals(YearMonth.from(day).atEndOfMonth());
  }

  private static long months(LocalDate from, LocalDate to) {
    return YearMonth.from(from).until(YearMonth.from(to), java.time.temporal.ChronoUnit.MONTHS);
  }
}
