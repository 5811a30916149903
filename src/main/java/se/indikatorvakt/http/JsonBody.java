package se.indikatorvakt.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import se.indikatorvakt.text.StrictJson;

/**
 * The one reader of JSON request bodies: every endpoint accepts exactly what {@link StrictJson} accepts, and a
 * malformed body is answered 400 with the pointer of where it breaks.
 */
public final class JsonBody {
  private JsonBody() {}

  /** Any JSON value, as {@link StrictJson#parse} gives it. */
  public static Object parse(byte[] body) {
    try {
      return StrictJson.parse(body);
    } catch (StrictJson.MalformedJsonException e) {
      throw new ProblemException(ApiContract.malformed(e));
    }
  }

  /** A JSON object; an empty body is an empty object. */
  public static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.toString().isBlank()) {
      return new JsonObject();
    }
    if (!(parse(body.getBytes()) instanceof Map<?, ?>)) {
      throw new ProblemException(Problem.of(400, ProblemType.MALFORMED_JSON, "The body must be a JSON object."));
    }
    return body.toJsonObject();
  }
}
