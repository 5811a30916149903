package se.indikatorvakt.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * An RFC 9457 problem: what went wrong, and for bad input, where (a JSON pointer per bad item and field).
 *
 * @param type the kind of problem, from the one registry of them
 */
public record Problem(int status, ProblemType type, String detail, List<FieldError> errors) {

  public record FieldError(String pointer, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("pointer", PersonalIdentityNumbers.masked(pointer))
          .put("detail", PersonalIdentityNumbers.masked(detail));
    }
  }

  public static Problem of(int status, ProblemType type, String detail) {
    return new Problem(status, type, detail, List.of());
  }

  public String title() {
    return type.title();
  }

  /**
   * The problem as JSON. Every text that may carry what the caller sent (the path as {@code instance}, a detail that
   * names a bad id) passes {@link PersonalIdentityNumbers#masked}: a personnummer is never repeated in an answer.
   */
  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", status)
        .put("detail", PersonalIdentityNumbers.masked(detail));
    if (instance != null) {
      json.put("instance", PersonalIdentityNumbers.masked(instance));
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }
}
