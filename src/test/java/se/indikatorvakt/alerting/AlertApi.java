package se.indikatorvakt.alerting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;

/** What the alerting tests do over HTTP and read back from PostgreSQL, in the words of the tests. */
final class AlertApi {
  static final String SOURCE_KEY = "dev-indikatorvakt-local-key";
  static final String ADMIN_KEY = "dev-indikatorvakt-admin-key";
  static final String[] SOURCE = {"Authorization", "Bearer " + SOURCE_KEY};
  static final String[] ADMIN = {"Authorization", "Bearer " + ADMIN_KEY};
  static final String VANTETID = "vantetid-daglig-verksamhet";

  final Http http;
  final ProofDb db;

  AlertApi(int port, DatabaseUrl database) {
    this.http = new Http(port);
    this.db = new ProofDb(database);
  }

  Http.Response post(String indicator, String unit, String period, double value) {
    return http.postJson("/api/v1/measurements", new JsonObject().put("indicator", indicator).put("orgUnit", unit)
        .put("period", period).put("value", value), SOURCE);
  }

  /** The breach alerts of one series, newest first, as an administrator sees them (with recipients' addresses). */
  List<JsonObject> alerts(String indicator, String unit) {
    Http.Response response = http.get("/api/v1/alerts?indicator=" + indicator + "&orgUnit=" + unit, ADMIN);
    if (response.status() != 200) {
      throw new AssertionError("GET /alerts answered " + response.status() + ": " + response.body());
    }
    JsonArray items = response.json().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast)
        .filter(a -> a.getJsonObject("orgUnit").getString("id").equals(unit) && "breach".equals(a.getString("kind")))
        .toList();
  }

  JsonObject onlyAlert(String indicator, String unit) {
    List<JsonObject> alerts = alerts(indicator, unit);
    if (alerts.size() != 1) {
      throw new AssertionError("expected one alert of " + indicator + " in " + unit + ", found " + alerts);
    }
    return alerts.get(0);
  }

  JsonObject alert(long id) {
    return http.get("/api/v1/alerts/" + id, ADMIN).json();
  }

  List<Map<String, Object>> outbox(long alertId) {
    return db.rows("SELECT dedupe_key, recipient, role, kind, facts::text AS facts FROM outbox WHERE alert_id = ? "
        + "ORDER BY id", alertId);
  }

  long events(long alertId, String kind) {
    return db.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND kind = ?", alertId, kind);
  }
}
