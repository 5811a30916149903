package se.indikatorvakt.http.api.measurements;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;
import se.indikatorvakt.ingest.Change;
import se.indikatorvakt.ingest.KoladaImport;
import se.indikatorvakt.ingest.MeasurementInput;
import se.indikatorvakt.ingest.MeasurementPipeline;
import se.indikatorvakt.text.Codes;

/**
 * The JSON the ingest API answers with. Field names are English; what a manager reads (result, target,
 * trend, period label) is Swedish. The trend's arrow is the direction of the value itself (↗ it rose),
 * while bättre/sämre is judged by the indicator's polarity: a waiting time that fell is "bättre ↘".
 */
final class IngestJson {
  private IngestJson() {}

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * The answer to a POST, written straight to bytes: for a 10 000-item batch, building a JsonObject
   * per item first costs more than the whole evaluation (measured in IngestThroughputBench).
   */
  static Buffer report(MeasurementPipeline.Report report) {
    return write(report, null);
  }

  /** The answer to a Kolada import: the same report, and what was not imported. */
  static Buffer kolada(MeasurementPipeline.Report report, KoladaImport.Mapping mapping) {
    return write(report, mapping);
  }

  private static Buffer write(MeasurementPipeline.Report report, KoladaImport.Mapping mapping) {
    Buffer buffer = Buffer.buffer(256 + report.items().size() * 160);
    try (JsonGenerator json = JSON.createGenerator(new BufferOutput(buffer))) {
      json.writeStartObject();
      for (Change change : Change.values()) {
        json.writeNumberField(change.code(), report.count(change));
      }
      if (mapping != null) {
        json.writeNumberField("received", mapping.received());
        json.writeNumberField("nullValues", mapping.nullValues());
        json.writeArrayFieldStart("unmapped");
        for (KoladaImport.Unmapped u : mapping.unmapped()) {
          json.writeStartObject();
          json.writeStringField("pointer", u.pointer());
          json.writeStringField("kpi", u.kpi());
          json.writeStringField("municipality", u.municipality());
          json.writeStringField("period", u.period());
          json.writeStringField("gender", u.gender());
          json.writeStringField("reason", u.reason());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeArrayFieldStart("items");
      for (MeasurementPipeline.Stored stored : report.items()) {
        item(json, stored);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer;
  }

  /** Lets Jackson write into the response buffer directly (it hands over its own 8 KiB chunks). */
  private static final class BufferOutput extends OutputStream {
    private final Buffer buffer;

    BufferOutput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }

  /**
   * An item's field names, quoted and encoded once: every answer writes each of them per item, and Jackson otherwise
   * encodes a name given as a String every time.
   */
  private static final SerializableString INDEX = new SerializedString("index");
  private static final SerializableString INDICATOR = new SerializedString("indicator");
  private static final SerializableString ORG_UNIT = new SerializedString("orgUnit");
  private static final SerializableString GENDER = new SerializedString("gender");
  private static final SerializableString PERIOD = new SerializedString("period");
  private static final SerializableString CHANGE = new SerializedString("change");
  private static final SerializableString RESULT = new SerializedString("result");
  private static final SerializableString RESULT_CODE = new SerializedString("resultCode");
  private static final SerializableString TARGET = new SerializedString("target");
  private static final SerializableString DISTANCE = new SerializedString("distance");
  private static final SerializableString TREND = new SerializedString("trend");

  private static void item(JsonGenerator json, MeasurementPipeline.Stored stored) throws IOException {
    MeasurementInput m = stored.input();
    Evaluation evaluation = stored.evaluation();
    json.writeStartObject();
    json.writeFieldName(INDEX);
    json.writeNumber(m.index());
    field(json, INDICATOR, m.indicator().id());
    field(json, ORG_UNIT, m.orgUnit());
    field(json, GENDER, m.gender().code());
    field(json, PERIOD, m.period().notation());
    field(json, CHANGE, stored.change().code());
    field(json, RESULT, evaluation.result().swedish());
    field(json, RESULT_CODE, evaluation.result().code());
    field(json, TARGET, stored.targetText());
    json.writeFieldName(DISTANCE);
    if (evaluation.distance().isPresent()) {
      json.writeNumber(evaluation.distance().getAsDouble());
    } else {
      json.writeNull();
    }
    field(json, TREND, evaluation.trend()
        .map(t -> trend(t, m.value(), boxed(evaluation.previousValue()))).orElse(null));
    json.writeEndObject();
  }

  private static void field(JsonGenerator json, SerializableString name, String value) throws IOException {
    json.writeFieldName(name);
    json.writeString(value);
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
    Trend trend = Codes.requireOrNull(Trend.class, row.getString("trend"));
    Result result = Codes.require(Result.class, row.getString("result"));
    json.put("value", value)
        .put("revision", row.getInteger("revision"))
        .put("result", result.swedish())
        .put("resultCode", result.code())
        .put("target", row.getString("target_text"))
        .put("targetValue", row.getDouble("target_value"))
        .put("warningValue", row.getDouble("warning_value"))
        .put("distance", row.getDouble("distance"))
        .put("trend", trend == null ? null : trend(trend, value, previous))
        .put("previousValue", previous)
        .put("source", row.getString("source"))
        .put("reference", row.getString("reference"))
        .put("comment", row.getString("comment"))
        .put("observedAt", time(row.getOffsetDateTime("observed_at")));
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
