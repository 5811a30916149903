package se.indikatorvakt.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An indicator of the catalog with its målvärden; see catalog-format.md for the meaning of each field.
 *
 * @param validRange the values a measurement may take beyond what its unit allows, checked on ingest
 */
public record Indicator(String id, String name, String description, MeasurementUnit unit, Polarity polarity,
    PeriodType periodType, List<String> breakdowns, String source, Optional<String> koladaKpi,
    Optional<String> legalBasis, List<String> goals, String provenance, AlertingPolicy alerting,
    List<TargetRule> targets, Optional<ValidRange> validRange) {

  public Indicator {
    breakdowns = List.copyOf(breakdowns);
    goals = List.copyOf(goals);
    targets = List.copyOf(targets);
    Objects.requireNonNull(validRange, "validRange");
  }

  /** An indicator whose values are limited by its unit alone. */
  public Indicator(String id, String name, String description, MeasurementUnit unit, Polarity polarity,
      PeriodType periodType, List<String> breakdowns, String source, Optional<String> koladaKpi,
      Optional<String> legalBasis, List<String> goals, String provenance, AlertingPolicy alerting,
      List<TargetRule> targets) {
    this(id, name, description, unit, polarity, periodType, breakdowns, source, koladaKpi, legalBasis, goals,
        provenance, alerting, targets, Optional.empty());
  }
}
