package se.indikatorvakt.notification;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/** Notification requests as alerting makes them, about Kalmar's väntetid till daglig verksamhet (config/). */
final class Requests {
  static final String KOMMUN = "0880";
  static final String INDICATOR = "vantetid-daglig-verksamhet";
  static final String UNIT = "daglig-verksamhet";
  static final String ROLE = "Enhetschef daglig verksamhet";
  private static final AtomicLong ALERT_IDS = new AtomicLong(1000);

  private Requests() {}

  static JsonObject breach(double value) {
    return new JsonObject()
        .put("indicatorId", INDICATOR)
        .put("indicatorName", "Väntetid till daglig verksamhet enligt LSS (dagar)")
        .put("unit", "dagar")
        .put("gender", "T")
        .put("period", "2022-T1")
        .put("value", value)
        .put("target", "≤ 90 dagar")
        .put("targetValue", 90)
        .put("warningValue", 120)
        .put("result", value > 120 ? "not-met" : value > 90 ? "partly-met" : "met")
        .put("severity", value > 120 ? "critical" : "warning")
        .put("trend", "better");
  }

  static NotificationRequest firing(String recipient, double value) {
    return request(NotificationKind.FIRING, recipient, breach(value));
  }

  static NotificationRequest request(NotificationKind kind, String recipient, JsonObject facts) {
    long alertId = ALERT_IDS.incrementAndGet();
    return new NotificationRequest(alertId, kind, recipient, ROLE, UNIT, facts,
        "alert:" + alertId + ":" + kind.code() + ":1");
  }
}
