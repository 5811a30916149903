package se.indikatorvakt.http.api.silences;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.alerting.AckService;
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.alerting.Cause;
import se.indikatorvakt.alerting.EventKind;
import se.indikatorvakt.alerting.Silence;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.JsonBody;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.api.alerts.AlertJson;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * Silences, for administrators: time-limited (at most alerting.maxSilence), with at least one matcher, a reason and
 * an author. Never deleted: DELETE ends one early, and creating, ending and expiring are all in the audit trail.
 */
public final class SilencesApi implements ApiModule {
  private static final int MAX_TEXT = 500;
  private static final int MAX_LIST = 500;

  private final Pool pool;
  private final CatalogService catalog;
  private final AlertRepository repository;
  private final Authentication auth;
  private final Clock clock;
  private final Duration maxSilence;

  public SilencesApi(Pool pool, CatalogService catalog, AlertRepository repository, Authentication auth, Clock clock,
      Duration maxSilence) {
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.auth = auth;
    this.clock = clock;
    this.maxSilence = maxSilence;
  }

  @Override
  public void mount(Router api) {
    api.get("/silences").handler(auth.admin()).handler(this::list);
    api.post("/silences").handler(auth.admin()).handler(this::create);
    api.delete("/silences/:id").handler(auth.admin()).handler(this::end);
  }

  private void list(RoutingContext ctx) {
    String state = Optional.ofNullable(ctx.request().getParam("state")).orElse("active");
    if (!state.equals("active") && !state.equals("all")) {
      throw AlertsApi.invalid("/query/state", "state must be active or all");
    }
    Instant now = clock.instant();
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    KommunScope.statement(pool, caller.kommuner(),
            conn -> repository.silences(conn, state.equals("active"), now, MAX_LIST))
        .onSuccess(silences -> {
          JsonArray items = new JsonArray();
          silences.forEach(s -> items.add(AlertJson.silence(s, now)));
          AlertsApi.json(ctx, 200, new JsonObject().put("count", items.size()).put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Instant now = clock.instant();
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Catalog current = ReadScope.of(caller, catalog.current()).catalog();
    List<Problem.FieldError> errors = new ArrayList<>();
    Optional<String> named = text(body, "kommun", 4, errors);
    named.filter(code -> current.kommun(code).isEmpty())
        .ifPresent(code -> errors.add(new Problem.FieldError("/kommun", "unknown kommun")));
    Optional<String> indicator = text(body, "indicator", 200, errors);
    Optional<String> unit = text(body, "orgUnit", 200, errors);
    Optional<String> genderCode = text(body, "gender", 1, errors);
    Optional<String> reason = text(body, "reason", MAX_TEXT, errors);
    Optional<String> author = text(body, "author", 200, errors);
    Instant startsAt = time(body, "startsAt", errors).orElse(now);
    Optional<Instant> endsAt = time(body, "endsAt", errors);
    indicator.filter(id -> current.indicator(id).isEmpty())
        .ifPresent(id -> errors.add(new Problem.FieldError("/indicator", "unknown indicator")));
    unit.filter(id -> current.organisation().unit(id).isEmpty())
        .ifPresent(id -> errors.add(new Problem.FieldError("/orgUnit", "unknown org unit")));
    Optional<Gender> gender = genderCode.flatMap(SilencesApi::gender);
    if (genderCode.isPresent() && gender.isEmpty()) {
      errors.add(new Problem.FieldError("/gender", "gender must be T, K or M"));
    }
    if (indicator.isEmpty() && unit.isEmpty() && genderCode.isEmpty()) {
      errors.add(new Problem.FieldError("", "give at least one matcher (indicator, orgUnit or gender): a silence "
          + "of everything would hide every alert in the municipality"));
    }
    required(reason, "/reason", errors);
    required(author, "/author", errors);
    if (body.getValue("endsAt") == null) {
      errors.add(new Problem.FieldError("/endsAt", "endsAt is required: every silence ends"));
    }
    endsAt.ifPresent(end -> {
      if (!end.isAfter(startsAt) || !end.isAfter(now)) {
        errors.add(new Problem.FieldError("/endsAt", "endsAt must be after startsAt and in the future"));
      } else if (Duration.between(startsAt, end).compareTo(maxSilence) > 0) {
        errors.add(new Problem.FieldError("/endsAt", "a silence may last at most " + maxSilence));
      }
    });
    for (String field : List.of("reason", "author")) {
      if (body.getValue(field) instanceof String value && PersonalIdentityNumbers.containsAny(value)) {
        errors.add(new Problem.FieldError("/" + field, "must not contain a personnummer"));
      }
    }
    String kommun = errors.isEmpty() ? kommun(current, named, unit, indicator, errors) : null;
    if (!errors.isEmpty()) {
      throw new ProblemException(new Problem(422, ProblemType.INVALID_SILENCE,
          "The silence was not created; see errors.", errors));
    }
    String actor = AckService.ADMIN_ACTOR + caller.name();
    Silence silence = new Silence(0, indicator, unit, gender, startsAt, endsAt.get());
    KommunScope.transaction(pool, Set.of(kommun), tx -> repository.insertSilence(tx, kommun, silence, reason.get(),
            author.get(), now, actor)
            .compose(stored -> repository.append(tx, List.of(event(stored, now, EventKind.SILENCE_CREATED,
                    Cause.SILENCE_CREATED, actor, new JsonObject().put("reason", reason.get())
                        .put("author", author.get()).put("startsAt", startsAt.toString())
                        .put("endsAt", endsAt.get().toString()))))
                .map(stored)))
        .onSuccess(stored -> {
          ctx.response().putHeader("Location", "/api/v1/silences/" + stored.silence().id());
          AlertsApi.json(ctx, 201, AlertJson.silence(stored, now));
        })
        .onFailure(ctx::fail);
  }

  private void end(RoutingContext ctx) {
    long id = AlertsApi.id(ctx.pathParam("id")).orElseThrow(SilencesApi::notFound);
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    String actor = AckService.ADMIN_ACTOR + caller.name();
    Instant now = clock.instant();
    KommunScope.transaction(pool, caller.kommuner(), tx -> repository.endSilence(tx, id, now, actor).compose(ended -> ended.isPresent()
            ? repository.append(tx, List.of(event(ended.get(), now, EventKind.SILENCE_ENDED, Cause.SILENCE_ENDED, actor,
                new JsonObject()))).map(ended.get())
            : repository.silence(tx, id).compose(existing -> existing.<Future<AlertRepository.StoredSilence>>map(
                Future::succeededFuture).orElseGet(() -> Future.failedFuture(notFound())))))
        .onSuccess(stored -> AlertsApi.json(ctx, 200, AlertJson.silence(stored, now)))
        .onFailure(ctx::fail);
  }

  /**
   * The one kommun whose alerts the silence mutes: the one named, else its unit's, else the one kommun among the
   * key's that has its indicator, else the key's only kommun. A silence never crosses kommuner.
   */
  private static String kommun(Catalog current, Optional<String> named, Optional<String> unit,
      Optional<String> indicator, List<Problem.FieldError> errors) {
    Optional<String> ofUnit = unit.flatMap(current::kommunOf).map(Kommun::code);
    if (named.isPresent() && ofUnit.isPresent() && !named.equals(ofUnit)) {
      errors.add(new Problem.FieldError("/orgUnit", "org unit " + unit.get() + " is not a unit of kommun "
          + named.get()));
      return null;
    }
    List<String> candidates = named.or(() -> ofUnit).map(List::of).orElseGet(() -> current.kommuner().stream()
        .filter(k -> indicator.isEmpty() || k.indicator(indicator.get()).isPresent())
        .map(Kommun::code)
        .toList());
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    errors.add(new Problem.FieldError("/kommun", "name the kommun whose alerts the silence is for: the key holds "
        + String.join(", ", candidates) + ", and a silence never crosses kommuner"));
    return null;
  }

  private static AlertRepository.Event event(AlertRepository.StoredSilence stored, Instant now, EventKind kind,
      Cause cause, String actor, JsonObject details) {
    return new AlertRepository.Event(null, stored.silence().id(), now, kind, cause, actor, null, null, null, false,
        details);
  }

  private static Optional<String> text(JsonObject body, String field, int max, List<Problem.FieldError> errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isBlank()) {
      errors.add(new Problem.FieldError("/" + field, field + " must be a non-empty string"));
      return Optional.empty();
    }
    if (text.length() > max) {
      errors.add(new Problem.FieldError("/" + field, field + " must be at most " + max + " characters"));
      return Optional.empty();
    }
    return Optional.of(text.strip());
  }

  private static Optional<Instant> time(JsonObject body, String field, List<Problem.FieldError> errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    Optional<Instant> parsed = value instanceof String text ? instant(text) : Optional.empty();
    if (parsed.isPresent()) {
      return parsed;
    }
    errors.add(new Problem.FieldError("/" + field, field + " must be a date-time with offset, e.g. "
        + "2026-05-01T00:00:00+02:00"));
    return Optional.empty();
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static void required(Optional<String> value, String pointer, List<Problem.FieldError> errors) {
    if (value.isEmpty() && errors.stream().noneMatch(e -> e.pointer().equals(pointer))) {
      errors.add(new Problem.FieldError(pointer, pointer.substring(1) + " is required"));
    }
  }

  private static Optional<Gender> gender(String code) {
    for (Gender g : Gender.values()) {
      if (g.name().equals(code)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private static ProblemException notFound() {
    return new ProblemException(Problem.of(404, ProblemType.NOT_FOUND, "There is no silence with that id."));
  }
}
