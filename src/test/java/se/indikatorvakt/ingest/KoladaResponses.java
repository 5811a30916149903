package se.indikatorvakt.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kolada API v2 responses for one KPI and year across many municipalities, as {@code /v2/data/kpi/U31402/year/2021}
 * answers: one data object per municipality with its kön values. The values of kommuner outside the installation
 * are generated test input; Riket (0000) and a region (0012) are in it as Kolada sends them.
 */
final class KoladaResponses {
  static final String KPI = "U31402";

  /** Real kommun codes outside the installation, with generated values (väntetid in days). */
  static final Map<String, Double> OTHERS = ordered(
      "0180", 12.0, "1480", 15.0, "1280", 15.0, "0380", 9.0, "0580", 22.0, "1880", 30.0, "0114", 15.0);

  private KoladaResponses() {}

  static String forKommuner(int year, Map<String, Double> totals) {
    JsonArray values = new JsonArray();
    totals.forEach((municipality, value) -> values.add(new JsonObject().put("kpi", KPI)
        .put("municipality", municipality).put("period", Integer.toString(year))
        .put("values", new JsonArray().add(gender("T", value)).add(gender("K", value + 1))
            .add(gender("M", value - 1)))));
    values.add(new JsonObject().put("kpi", KPI).put("municipality", "0000").put("period", Integer.toString(year))
        .put("values", new JsonArray().add(gender("T", 15.0))));
    values.add(new JsonObject().put("kpi", KPI).put("municipality", "0012").put("period", Integer.toString(year))
        .put("values", new JsonArray().add(gender("T", 16.0))));
    return new JsonObject().put("values", values).put("count", values.size()).putNull("next_page").encode();
  }

  static Map<String, Double> ordered(Object... codesAndValues) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < codesAndValues.length; i += 2) {
      map.put((String) codesAndValues[i], (Double) codesAndValues[i + 1]);
    }
    return map;
  }

  static Map<String, Double> with(Map<String, Double> base, Object... codesAndValues) {
    Map<String, Double> map = new LinkedHashMap<>(base);
    map.putAll(ordered(codesAndValues));
    return map;
  }

  private static JsonObject gender(String gender, double value) {
    return new JsonObject().put("gender", gender).put("value", value).put("count", 1).put("status", "");
  }
}
