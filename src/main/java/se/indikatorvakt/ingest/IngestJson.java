package se.indikatorvakt.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;

/**
 * The JSON the ingest API answers with. Field names are English; what a manager reads (result, target,
 * trend, period label) is Swedish. The trend's arrow is the direction of the value itself (↗ it rose),
 * while bättre/sämre is judged by the indicator's polarity: a waiting time that fell is "bättre ↘".
 */
final class IngestJson {
  private IngestJson() {}

  static JsonObject report(IngestService.Report report) {
    JsonArray items = new JsonArray();
    for (IngestService.Stored stored : report.items()) {
      MeasurementInput m = stored.input();
      JsonObject item = new JsonObject()
          .put("index", m.index())
          .put("indicator", m.indicator().id())
          .put("orgUnit", m.orgUnit())
          .put("gender", m.gender().name())
          .put("period", m.period().notation())
          .put("value", m.value())
          .put("change", stored.change().name().toLowerCase(Locale.ROOT));
      evaluation(item, stored.evaluation(), m.value());
      items.add(item);
    }
    return new JsonObject()
        .put("created", report.count(Change.CREATED))
        .put("revised", report.count(Change.REVISED))
        .put("unchanged", report.count(Change.UNCHANGED))
        .put("items", items);
  }

  static JsonObject kolada(IngestService.Report report, KoladaImport.Mapping mapping) {
    JsonArray unmapped = new JsonArray();
    for (KoladaImport.Unmapped u : mapping.unmapped()) {
      unmapped.add(new JsonObject().put("pointer", u.pointer()).put("kpi", u.kpi())
          .put("municipality", u.municipality()).put("period", u.period()).put("gender", u.gender())
          .put("reason", u.reason()));
    }
    return report(report)
        .put("received", mapping.received())
        .put("nullValues", mapping.nullValues())
        .put("unmapped", unmapped);
  }

  private static void evaluation(JsonObject json, Evaluation evaluation, double value) {
    Optional<Target> target = evaluation.target();
    json.put("result", evaluation.result().swedish())
        .put("resultCode", evaluation.result().label())
        .put("target", target.map(Target::describeSwedish).orElse(null))
        .put("targetValue", target.map(t -> boxed(t.referenceValue())).orElse(null))
        .put("warningValue", target.map(t -> boxed(t.warningLine())).orElse(null))
        .put("distance", boxed(evaluation.distance()))
        .put("trend", evaluation.trend().map(t -> trend(t, value, boxed(evaluation.previousValue()))).orElse(null))
        .put("previousValue", boxed(evaluation.previousValue()));
  }

  /** A stored row of GET /measurements. */
  static JsonObject stored(Row row) {
    JsonObject json = new JsonObject()
        .put("indicator", row.getString("indicator_id"))
        .put("orgUnit", row.getString("org_unit_id"))
        .put("gender", row.getString("gender"))
        .put("period", row.getString("period"));
    PeriodType.fromCode(row.getString("period_type")).ifPresent(type -> json.put("periodLabel",
        Period.parse(type, row.getString("period")).swedishLabel()));
    json.put("periodStart", row.getLocalDate("period_start").toString())
        .put("periodEnd", row.getLocalDate("period_end").toString());
    storedValue(json, row);
    return json.put("updatedAt", time(row.getOffsetDateTime("updated_at")));
  }

  /** One entry of GET /measurements/history. */
  static JsonObject revision(Row row) {
    JsonObject json = new JsonObject().put("current", row.getBoolean("current"));
    storedValue(json, row);
    return json.put("recordedAt", time(row.getOffsetDateTime("recorded_at")))
        .put("replacedAt", time(row.getOffsetDateTime("replaced_at")))
        .put("replacedBySource", row.getString("replaced_by_source"));
  }

  private static void storedValue(JsonObject json, Row row) {
    double value = row.getDouble("value");
    Double previous = row.getDouble("previous_value");
    String trend = row.getString("trend");
    json.put("value", value)
        .put("revision", row.getInteger("revision"))
        .put("result", resultSwedish(row.getString("result")))
        .put("resultCode", row.getString("result"))
        .put("target", row.getString("target_text"))
        .put("targetValue", row.getDouble("target_value"))
        .put("warningValue", row.getDouble("warning_value"))
        .put("distance", row.getDouble("distance"))
        .put("trend", trend == null ? null : trend(Trend.valueOf(trend.toUpperCase(Locale.ROOT)), value, previous))
        .put("previousValue", previous)
        .put("source", row.getString("source"))
        .put("reference", row.getString("reference"))
        .put("comment", row.getString("comment"))
        .put("observedAt", time(row.getOffsetDateTime("observed_at")));
  }

  private static String resultSwedish(String label) {
    for (Result result : Result.values()) {
      if (result.label().equals(label)) {
        return result.swedish();
      }
    }
    return label;
  }

  static String trend(Trend trend, double value, Double previous) {
    String arrow = previous == null || value == previous ? "→" : value > previous ? "↗" : "↘";
    return trend.swedish() + " " + arrow;
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? Double.valueOf(value.getAsDouble()) : null;
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
