package se.indikatorvakt.reporting;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.GoalVerdict;
import se.indikatorvakt.evaluation.Result;

/**
 * The words of a report: {@link ReportData} turned into the strings the templates print. Every value the templates
 * print goes through their escaper, except the charts, which this code draws from numbers alone.
 */
final class ReportView {
  private ReportView() {}

  /** @param draft the HTML working copy, which links to "Skriv analys"; the PDF is the document that is filed */
  static Map<String, Object> of(ReportData data, ZoneId zone, boolean draft) {
    Map<String, Object> view = new HashMap<>();
    String periodLabel = data.period().swedishLabel();
    view.put("title", "Uppföljningsrapport " + periodLabel);
    view.put("kommun", data.kommun().name());
    view.put("kommunCode", data.kommun().code());
    view.put("board", data.kommun().board());
    view.put("administration", data.kommun().administration());
    view.put("unit", data.unit().name());
    view.put("wholeAdministration", data.unit().root());
    view.put("period", periodLabel);
    view.put("periodDates", SwedishFormat.date(data.period().start().atStartOfDay(zone).toInstant(), zone) + " – "
        + SwedishFormat.date(data.period().end().atStartOfDay(zone).toInstant(), zone));
    view.put("written", SwedishFormat.date(data.writtenAt(), zone));
    view.put("writtenAt", SwedishFormat.dateTime(data.writtenAt(), zone));
    view.put("preliminary", data.preliminary());
    view.put("draft", draft);
    view.put("summary", summary(data.goals()));
    List<Map<String, Object>> overview = new ArrayList<>();
    List<Map<String, Object>> goals = new ArrayList<>();
    int number = 1;
    Map<String, Integer> describedUnder = new HashMap<>();
    for (ReportData.GoalSection goal : data.goals()) {
      long met = goal.rows().stream().filter(r -> r.result() == Result.UPPFYLLT).count();
      long judged = goal.rows().stream().filter(r -> r.result() != Result.INGET_MAL).count();
      Map<String, Object> line = new HashMap<>();
      line.put("number", number);
      line.put("name", goal.name());
      line.put("verdict", goalVerdict(goal.verdict()));
      line.put("verdictClass", SwedishFormat.verdictClass(goal.result()));
      line.put("indicators", judged == 0 ? "inget mått bedömt" : met + " av " + judged + " mått uppfyllda");
      goal.verdict().assessment().filter(a -> !goal.verdict().byJudgement())
          .ifPresent(a -> line.put("assessedAs", SwedishFormat.verdict(a.verdict())));
      overview.add(line);
      Map<String, Object> section = new HashMap<>(line);
      section.put("description", goal.description());
      section.put("byJudgement", goal.verdict().byJudgement());
      goal.verdict().assessment().ifPresent(a -> section.put("assessment", assessment(a, zone)));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ReportData.IndicatorRow row : goal.rows()) {
        Map<String, Object> shown = row(row, zone, draft);
        Integer first = describedUnder.putIfAbsent(row.indicatorId() + "\n" + row.unitId(), number);
        // an indicator serves several goals; it is described in full under the first, and named under the others
        shown.put("full", first == null);
        if (first != null) {
          shown.put("describedUnder", first);
        }
        rows.add(shown);
      }
      section.put("rows", rows);
      goals.add(section);
      number++;
    }
    view.put("overview", overview);
    view.put("goals", goals);
    view.put("hasOpenAlerts", !data.openAlerts().isEmpty());
    view.put("openAlerts", data.openAlerts().stream().map(alert -> alert(alert, data, zone)).toList());
    data.ivoQuarter().ifPresent(quarter -> view.put("ivoQuarter", quarter.swedishLabel()));
    view.put("hasIvo", !data.ivo().isEmpty());
    view.put("ivo", data.ivo().stream().map(ReportView::ivo).toList());
    return view;
  }

  /**
   * "Fyra av sju mål uppfyllda, två delvis uppfyllda, ett ej uppfyllt": the roll-up the documents open with; goals the
   * nämnd judges by hand and has not yet judged are named after it.
   */
  static String summary(List<ReportData.GoalSection> goals) {
    int missing = (int) goals.stream().filter(g -> g.verdict().assessmentMissing()).count();
    String unjudged = missing == 0 ? ""
        : " Bedömning saknas för " + SwedishFormat.count(missing) + " mål som nämnden bedömer.";
    return computedSummary(goals) + unjudged;
  }

  private static String computedSummary(List<ReportData.GoalSection> goals) {
    long judged = goals.stream().filter(g -> g.result() != Result.INGET_MAL).count();
    if (judged == 0) {
      return "Inget mål kan bedömas för perioden.";
    }
    int met = (int) goals.stream().filter(g -> g.result() == Result.UPPFYLLT).count();
    int partly = (int) goals.stream().filter(g -> g.result() == Result.DELVIS_UPPFYLLT).count();
    int notMet = (int) goals.stream().filter(g -> g.result() == Result.EJ_UPPFYLLT).count();
    String first = SwedishFormat.count(met) + " av " + SwedishFormat.count((int) judged) + " mål "
        + (met == 1 ? "uppfyllt" : "uppfyllda");
    StringBuilder text = new StringBuilder(Character.toUpperCase(first.charAt(0)) + first.substring(1));
    if (partly > 0) {
      text.append(", ").append(SwedishFormat.count(partly)).append(" delvis ").append(partly == 1 ? "uppfyllt" : "uppfyllda");
    }
    if (notMet > 0) {
      text.append(", ").append(SwedishFormat.count(notMet)).append(" ej ").append(notMet == 1 ? "uppfyllt" : "uppfyllda");
    }
    return text.append('.').toString();
  }

  private static Map<String, Object> row(ReportData.IndicatorRow row, ZoneId zone, boolean draft) {
    Map<String, Object> view = new HashMap<>();
    view.put("name", row.indicatorName());
    view.put("unit", row.unitName());
    view.put("period", row.period().swedishLabel());
    view.put("value", row.value().isPresent() ? number(row.value().getAsDouble(), row.unitSymbol())
        : "ingen rapport");
    view.put("target", row.target().orElse("inget målvärde"));
    view.put("verdict", row.value().isPresent() ? SwedishFormat.verdict(row.result()) : "Ej rapporterat");
    view.put("verdictClass", SwedishFormat.verdictClass(row.result()));
    if (!row.trend().isEmpty()) {
      view.put("chart", TrendChart.svg(row.trend(), row.targetValue()));
      view.put("trend", row.trend().stream().map(point -> Map.of(
          "period", point.period().swedishLabel(),
          "value", number(point.value(), row.unitSymbol()),
          "verdict", SwedishFormat.verdict(point.result()))).toList());
    }
    row.analysis().ifPresent(analysis -> {
      if (!analysis.analysis().isBlank()) {
        view.put("analysis", analysis.analysis());
      }
      if (!analysis.actions().isBlank()) {
        view.put("actions", analysis.actions());
      }
      view.put("analysisBy", Analysis.authorInWords(analysis.author()) + ", " + SwedishFormat.dateTime(analysis.writtenAt(), zone)
          + (analysis.version() > 1 ? " (version " + analysis.version() + ")" : ""));
    });
    row.assessment().ifPresent(a -> view.put("assessment", assessment(a, zone)));
    row.source().ifPresent(source -> view.put("source", source));
    row.reference().ifPresent(reference -> view.put("reference", reference));
    row.lastReportedAt().ifPresent(at -> view.put("lastReported", SwedishFormat.dateTime(at, zone)));
    if (draft) {
      row.analysisLink().ifPresent(link -> view.put("analysisLink", link));
    }
    return view;
  }

  /** "Bedömning saknas" for a goal the nämnd judges by hand without a bedömning; otherwise the result in words. */
  private static String goalVerdict(GoalVerdict verdict) {
    return verdict.assessmentMissing() ? "Bedömning saknas" : SwedishFormat.verdict(verdict.result());
  }

  /** A bedömning recorded by hand, to print beside the computed verdict: verdict, motivation, who and when. */
  private static Map<String, Object> assessment(Assessment assessment, ZoneId zone) {
    return Map.of(
        "verdict", SwedishFormat.verdict(assessment.verdict()),
        "motivation", assessment.motivation(),
        "by", assessment.assessedBy(),
        "at", SwedishFormat.date(assessment.assessedAt(), zone));
  }

  private static Map<String, Object> alert(ReportData.OpenAlert alert, ReportData data, ZoneId zone) {
    Map<String, Object> view = new HashMap<>();
    view.put("indicator", alert.indicatorName());
    view.put("unit", alert.unitName());
    view.put("period", alert.period());
    view.put("severity", switch (alert.severity()) {
      case CRITICAL -> "Ej uppfyllt";
      case WARNING -> "Delvis uppfyllt";
      case MISSING_REPORT -> "Rapportering saknas";
    });
    view.put("severityClass", switch (alert.severity()) {
      case CRITICAL -> "ej-uppfyllt";
      case WARNING -> "delvis";
      case MISSING_REPORT -> "inget-mal";
    });
    alert.value().ifPresent(value -> view.put("value", SwedishFormat.number(value)));
    alert.target().ifPresent(target -> view.put("target", target));
    view.put("since", SwedishFormat.date(alert.openedAt(), zone));
    long days = Math.max(0, Duration.between(alert.openedAt(), data.writtenAt()).toDays());
    view.put("age", days == 1 ? "1 dag" : days + " dagar");
    alert.acknowledgedAt().ifPresent(at -> view.put("acknowledged", SwedishFormat.date(at, zone)));
    alert.acknowledgementComment().ifPresent(comment -> view.put("comment", comment));
    return view;
  }

  private static Map<String, Object> ivo(ReportData.IvoRow row) {
    Map<String, Object> view = new HashMap<>();
    view.put("indicator", row.indicatorName());
    view.put("unit", row.unitName());
    row.legalBasis().ifPresent(basis -> view.put("legalBasis", basis));
    view.put("value", row.value().isPresent() ? SwedishFormat.withUnit(row.value().getAsDouble(), MeasurementUnit.ANTAL)
        : "ingen rapport");
    view.put("target", row.target().orElse("inget målvärde"));
    view.put("verdict", SwedishFormat.verdict(row.result()));
    view.put("verdictClass", SwedishFormat.verdictClass(row.result()));
    return view;
  }

  private static String number(double value, String symbol) {
    return symbol.isEmpty() ? SwedishFormat.number(value) : SwedishFormat.number(value) + "\u00a0" + symbol;
  }
}
