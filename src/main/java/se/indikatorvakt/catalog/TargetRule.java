package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A målvärde and where it applies. It stands from {@code from} until a later target for the same indicator, unit and
 * kön replaces it, or until {@code until} where the nämnd set it for a limited time.
 *
 * @param from the first period it applies to: a year ("2022") or a period code ("2022-T2", "2023-Q1")
 * @param until the last period it applies to, only where the document limits it
 * @param orgUnit the unit whose value it judges as written in the file; empty means the kommun's root unit
 * @param scope whether it judges the unit's own value only, or every unit below as well
 * @param warningChosen true where the document gives no warning line and the catalog chose it
 */
public record TargetRule(String from, Optional<String> until, Optional<String> orgUnit, TargetScope scope,
    Gender gender, Target target, boolean warningChosen, Optional<Decision> decision, Optional<Source> source) {
  /**
   * The periods of the notations rules were built with: every value judged asks each rule of its indicator whether
   * it covers the period, and matching a notation against the period patterns cost more than the evaluation itself.
   * Catalog notations are few; the bound keeps a catalog that names very many from growing it without end.
   */
  private static final Map<String, Optional<Period>> PERIODS = new ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 4096;
  /** A rule without the document's trace (tests of the selection and the evaluator). */
  public TargetRule(String from, Optional<String> until, Optional<String> orgUnit, TargetScope scope, Gender gender,
      Target target) {
    this(from, until, orgUnit, scope, gender, target, false, Optional.empty(), Optional.empty());
  }


  public TargetRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(orgUnit, "orgUnit");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(source, "source");
    if (beginning(from).isEmpty()) {
      throw new IllegalArgumentException("from '" + from + "' is not a year or a period");
    }
    if (until.isPresent() && lastDay(until.get()).isEmpty()) {
      throw new IllegalArgumentException("until '" + until.get() + "' is not a year or a period");
    }
  }

  /** A standing målvärde for every kön of the unit's own value, without source: the shape tests build most. */
  public TargetRule(String from, Optional<String> orgUnit, Target target) {
    this(from, Optional.empty(), orgUnit, TargetScope.UNIT, Gender.T, target, false, Optional.empty(),
        Optional.empty());
  }

  /**
   * Where the target begins, as the earliest last day of a period it judges: a year's first day (so that every
   * period ending in the year is judged, a rolling 12 months ending in May as well), or the last day of a period
   * of the indicator's own type. The last day, not the first, because interim periods all begin on 1 January:
   * "2022-D8" must not judge 2022-D4.
   */
  public LocalDate start() {
    return beginning(from).orElseThrow();
  }

  /** Whether the period lies in [from, until], judged by its last day. */
  public boolean covers(Period period) {
    return !period.end().isBefore(start())
        && until.flatMap(TargetRule::lastDay).map(last -> !period.end().isAfter(last)).orElse(true);
  }

  /** The period {@code from} names. */
  public Period fromPeriod() {
    return period(from).orElseThrow();
  }

  private static Optional<LocalDate> beginning(String notation) {
    return period(notation).map(period -> period.type() == PeriodType.YEAR ? period.start() : period.end());
  }

  private static Optional<LocalDate> lastDay(String notation) {
    return period(notation).map(Period::end);
  }

  private static Optional<Period> period(String notation) {
    Optional<Period> known = PERIODS.get(notation);
    if (known != null) {
      return known;
    }
    Optional<Period> parsed = Period.detectType(notation).map(type -> Period.parse(type, notation));
    if (PERIODS.size() < MAX_REMEMBERED) {
      PERIODS.put(notation, parsed);
    }
    return parsed;
  }
}
