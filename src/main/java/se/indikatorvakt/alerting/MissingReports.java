package se.indikatorvakt.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;

/**
 * When a report is due, and from whom. A period's report is due at the end of the period (local midnight after its
 * last day) plus the indicator's reportingGrace; the scheduler looks only at the latest period that is due, so a new
 * installation with old data does not raise an alert for every gap in the past.
 *
 * <p>Expected to report a period: a unit that reported the period before it (a regular reporter whose cadence broke;
 * one alert per break, because the period after the missing one then has no predecessor), and a unit with a målvärde
 * of its own for that period (the nämnd follows it explicitly) once its series has reported at all: targets stand
 * until replaced, so without that a fresh installation would chase every unit before any source is connected. Units
 * that ended before the period are not expected.
 */
public final class MissingReports {
  private MissingReports() {}

  public static Instant deadline(Period period, Duration grace, ZoneId zone) {
    return period.endExclusive().atStartOfDay(zone).toInstant().plus(grace);
  }

  /** The latest period of the indicator's type whose deadline has passed at {@code now}. */
  public static Period due(Indicator indicator, Instant now, ZoneId zone) {
    Duration grace = indicator.alerting().reportingGrace();
    LocalDate day = now.minus(grace).atZone(zone).toLocalDate();
    Period candidate = Period.containing(indicator.periodType(), day);
    while (deadline(candidate, grace, zone).isAfter(now)) {
      candidate = candidate.previous();
    }
    return candidate;
  }

  /**
   * The last exclusive period end whose report is overdue at {@code now}: a period whose {@link Period#endExclusive()}
   * is on or before this day is past its deadline, because the deadline is that day's start plus the grace.
   */
  public static LocalDate overdueCutoff(Indicator indicator, Instant now, ZoneId zone) {
    return LocalDate.ofInstant(now.minus(indicator.alerting().reportingGrace()), zone);
  }

  /** Units with a målvärde of their own for the period: they are expected whatever they reported before. */
  public static List<String> unitsWithOwnTarget(Indicator indicator, Period period) {
    return indicator.targets().stream()
        .filter(rule -> rule.orgUnit().isPresent() && rule.covers(period))
        .map(rule -> rule.orgUnit().get())
        .distinct()
        .toList();
  }
}
