package se.indikatorvakt.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem: what went wrong, and for bad input, where (a JSON pointer per bad item and field).
 *
 * @param type the kind of problem, from the one registry of them
 */
public record Problem(int status, ProblemType type, String detail, List<FieldError> errors) {

  public record FieldError(String pointer, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("detail", detail);
    }
  }

  public static Problem of(int status, ProblemType type, String detail) {
    return new Problem(status, type, detail, List.of());
  }

  public String title() {
    return type.title();
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", status)
        .put("detail", detail);
    if (instance != null) {
      json.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }
}
