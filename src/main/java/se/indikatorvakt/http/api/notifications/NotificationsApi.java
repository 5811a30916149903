package se.indikatorvakt.http.api.notifications;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.notification.OutboxRepository;
import se.indikatorvakt.notification.OutboxState;

/**
 * The outbox for administrators: what was sent, what waits, what is dead. Metadata only (recipient, kind, state,
 * attempts, errors); the rendered emails are not stored and not shown.
 */
public final class NotificationsApi implements ApiModule {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  private final OutboxRepository repository;
  private final Authentication auth;

  public NotificationsApi(OutboxRepository repository, Authentication auth) {
    this.repository = repository;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/notifications").handler(auth.admin()).handler(this::list);
    api.get("/notifications/:id").handler(auth.admin()).handler(this::one);
  }

  private void list(RoutingContext ctx) {
    Optional<OutboxState> state = optional(ctx, "state")
        .map(code -> OutboxState.fromCode(code).orElseThrow(() -> invalid("state",
            "state must be one of pending, sending, sent, dead, folded")));
    int limit = optional(ctx, "limit").map(text -> (int) number(text, "limit", 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
    Optional<Long> before = optional(ctx, "cursor").map(text -> number(text, "cursor", 1, Long.MAX_VALUE));
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    repository.list(caller.kommuner(), state, before, limit)
        .onSuccess(items -> {
          JsonObject body = new JsonObject().put("count", items.size()).put("items", new JsonArray(items));
          body.put("next", items.size() < limit ? null : String.valueOf(items.get(items.size() - 1).getLong("id")));
          json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    long id = number(ctx.pathParam("id"), "id", 1, Long.MAX_VALUE);
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    repository.find(caller.kommuner(), id)
        .onSuccess(found -> found.ifPresentOrElse(item -> json(ctx, item), () -> ctx.fail(new ProblemException(
            Problem.of(404, ProblemType.UNKNOWN_NOTIFICATION, "There is no outbox row with that id.")))))
        .onFailure(ctx::fail);
  }

  private static Optional<String> optional(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw invalid(name, name + " may be given once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static long number(String text, String name, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, like a number out of range
    }
    throw invalid(name, name + " must be a whole number from " + min + " to " + max);
  }

  private static ProblemException invalid(String parameter, String detail) {
    return new ProblemException(new Problem(400, ProblemType.INVALID_PARAMETER, detail,
        List.of(new Problem.FieldError("/" + parameter, detail))));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
