package se.indikatorvakt.reporting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.GoalVerdict;
import se.indikatorvakt.evaluation.Result;

/**
 * Everything one follow-up report shows, read from the database and the catalog; the templates turn it into words
 * and the PDF. Nothing here is formatted yet except the målvärde, which the catalog already words.
 *
 * @param preliminary the period has not ended when the report is written
 * @param goals every goal with at least one of the kommun's indicators in the report, in catalog order
 */
public record ReportData(
    Kommun kommun,
    Unit unit,
    Period period,
    boolean preliminary,
    Instant writtenAt,
    List<GoalSection> goals,
    List<OpenAlert> openAlerts,
    Optional<Period> ivoQuarter,
    List<IvoRow> ivo) {

  public record Kommun(String code, String name, String board, String administration) {}

  /** @param root the kommun's top unit: the report covers the whole förvaltning */
  public record Unit(String id, String name, boolean root) {}

  /**
   * A goal with its roll-up over the results of its indicator rows by the goal's rule, and the bedömning recorded for
   * the goal at the report's unit and period beside it.
   */
  public record GoalSection(String id, String name, String description, GoalVerdict verdict, List<IndicatorRow> rows) {
    /** The goal's result: computed, or under the rule judgement the bedömning's (inget mål without one). */
    public Result result() {
      return verdict.result();
    }
  }

  /**
   * One indicator for one unit, judged for the period of its own type that belongs to the report (a year indicator
   * in a tertial report shows the last whole year).
   *
   * @param value empty when the unit has not reported the period
   * @param target the målvärde in words ("högst 90 dagar"); empty for "inget mål"
   * @param trend the series' values up to and including this period, oldest first
   * @param reference what the source system said the value comes from (a report and line), when it said so
   * @param lastReportedAt when the current value was written
   * @param assessment the bedömning recorded for the indicator, unit and period, shown beside {@code result}
   * @param analysisLink the signed "Skriv analys" link for the unit's manager, when one can be made
   */
  public record IndicatorRow(
      String indicatorId,
      String indicatorName,
      String unitId,
      String unitName,
      Period period,
      String unitSymbol,
      OptionalDouble value,
      Optional<String> target,
      OptionalDouble targetValue,
      Result result,
      List<TrendPoint> trend,
      Optional<Analysis> analysis,
      Optional<Assessment> assessment,
      Optional<String> source,
      Optional<String> reference,
      Optional<Instant> lastReportedAt,
      Optional<String> analysisLink) {}

  public record TrendPoint(Period period, double value, Result result) {}

  /** An alert still pending or firing when the report is written, with the acknowledgement comment if any. */
  public record OpenAlert(String indicatorName, String unitName, String period, Severity severity,
      Optional<Double> value, Optional<String> target, Instant openedAt, Optional<Instant> acknowledgedAt,
      Optional<String> acknowledgementComment) {}

  /** Ej verkställda beslut of the quarter: what the nämnd reports to IVO. */
  public record IvoRow(String indicatorName, String unitName, Optional<String> legalBasis, OptionalDouble value,
      Optional<String> target, Result result) {}
}
