package se.indikatorvakt.http.api.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.alerting.AlertRow;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.alerting.Silence;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.text.Codes;

/** The API's view of alerts, events and silences: explicit field names, instants in ISO-8601 UTC. */
public final class AlertJson {
  private AlertJson() {}

  static JsonObject alert(AlertRow a, Catalog catalog) {
    JsonObject json = new JsonObject()
        .put("id", a.id)
        .put("kind", a.kind.code())
        .put("indicator", new JsonObject().put("id", a.indicatorId)
            .put("name", catalog.indicator(a.indicatorId).map(Indicator::name).orElse(a.indicatorId)))
        .put("orgUnit", new JsonObject().put("id", a.orgUnitId)
            .put("name", catalog.organisation().unit(a.orgUnitId).map(OrgUnit::name).orElse(a.orgUnitId)))
        .put("gender", a.gender.map(Gender::code).orElse(null))
        .put("state", a.state.code())
        .put("severity", a.severity.code())
        .put("period", a.period)
        .put("value", a.value)
        .put("result", Codes.codeOrNull(a.result))
        .put("target", a.targetText)
        .put("targetValue", a.targetValue)
        .put("warningValue", a.warningValue)
        .put("trend", Codes.codeOrNull(a.trend))
        .put("breachStreak", a.breachStreak)
        .put("openedAt", text(a.openedAt))
        .put("firingSince", text(a.firingSince))
        .put("closedAt", text(a.closedAt))
        .put("updatedAt", text(a.updatedAt))
        .put("notifiedSeverities", new JsonArray(a.notified.stream().map(Severity::code).toList()))
        .put("escalationLevel", a.escalationLevel)
        .put("escalatedAt", text(a.escalatedAt))
        .put("lastNotifiedAt", text(a.lastNotifiedAt))
        .put("reminders", a.reminders);
    json.put("recipient", a.recipientEmail == null ? null : new JsonObject().put("email", a.recipientEmail)
        .put("role", a.recipientRole).put("orgUnit", a.recipientUnit));
    json.put("acknowledgement", a.acknowledgedAt == null ? null : new JsonObject()
        .put("at", text(a.acknowledgedAt)).put("by", a.acknowledgedBy).put("comment", a.acknowledgementComment));
    return json;
  }

  static JsonArray events(List<AlertRepository.StoredEvent> events) {
    JsonArray out = new JsonArray();
    for (AlertRepository.StoredEvent e : events) {
      out.add(new JsonObject()
          .put("id", e.id())
          .put("at", text(e.at()))
          .put("kind", e.kind().code())
          .put("cause", e.cause().code())
          .put("actor", e.actor())
          .put("fromState", Codes.codeOrNull(e.fromState()))
          .put("toState", Codes.codeOrNull(e.toState()))
          .put("severity", Codes.codeOrNull(e.severity()))
          .put("silenced", e.silenced())
          .put("silenceId", e.silenceId())
          .put("details", e.details()));
    }
    return out;
  }

  public static JsonObject silence(AlertRepository.StoredSilence stored, Instant now) {
    Silence s = stored.silence();
    String state = stored.endedAt() != null || !s.endsAt().isAfter(now) ? "ended"
        : s.startsAt().isAfter(now) ? "scheduled" : "active";
    return new JsonObject()
        .put("id", s.id())
        .put("state", state)
        .put("matchers", new JsonObject()
            .put("indicator", s.indicator().orElse(null))
            .put("orgUnit", s.orgUnit().orElse(null))
            .put("gender", s.gender().map(Gender::code).orElse(null)))
        .put("startsAt", text(s.startsAt()))
        .put("endsAt", text(s.endsAt()))
        .put("reason", stored.reason())
        .put("author", stored.author())
        .put("createdAt", text(stored.createdAt()))
        .put("createdBy", stored.createdBy())
        .put("endedAt", text(stored.endedAt()))
        .put("endedBy", stored.endedBy());
  }

  public static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
