package se.indikatorvakt.catalog;

import java.util.List;
import java.util.Optional;

/**
 * An indicator as one kommun follows it: its definition (its own, or a national one it adopted) with the kommun's
 * goals, alert policy and målvärden. See CATALOG-FORMAT in the README for the meaning of each field.
 *
 * @param shortName at most about 30 characters, for email subjects
 * @param system the source system that reports it (Treserva, Heroma, Kolada...)
 * @param source the seed document and line its definition comes from
 */
public record Indicator(String id, String name, String shortName, String description, MeasurementUnit unit,
    Polarity polarity, PeriodType periodType, List<String> breakdowns, String system, Optional<String> koladaKpi,
    Optional<String> legalBasis, Optional<ValidRange> validRange, List<String> goals, AlertingPolicy alerting,
    List<TargetRule> targets, Optional<Source> source) {

  public Indicator {
    breakdowns = List.copyOf(breakdowns);
    goals = List.copyOf(goals);
    targets = List.copyOf(targets);
  }

  /** The same indicator with other goals, policy and målvärden: how a kommun adopts a national definition. */
  Indicator adopted(List<String> goals, AlertingPolicy alerting, List<TargetRule> targets, Optional<Source> source) {
    return new Indicator(id, name, shortName, description, unit, polarity, periodType, breakdowns, system, koladaKpi,
        legalBasis, validRange, goals, alerting, targets, source.or(this::source));
  }
}
