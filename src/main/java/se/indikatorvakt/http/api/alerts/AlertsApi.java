package se.indikatorvakt.http.api.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.alerting.AckService;
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.alerting.AlertRow;
import se.indikatorvakt.alerting.AlertState;
import se.indikatorvakt.alerting.Cause;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.JsonBody;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.api.acknowledgements.AckPages;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;
import se.indikatorvakt.signing.SignedTokens;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * Alerts and their history, and acknowledging them: by API with an admin key, or through the signed link in an
 * email. The link's GET shows a page and changes nothing (mail link scanners fetch links); its form POSTs.
 */
public final class AlertsApi implements ApiModule {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 500;
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final java.util.Set<String> LIST_FILTERS = java.util.Set.of("state", "severity", "orgUnit",
      "indicator", "limit");

  private final Pool pool;
  private final CatalogService catalog;
  private final AlertRepository repository;
  private final AckService acks;
  private final AckLinks links;
  private final Supplier<AckPages> pages;
  private final Authentication auth;

  public AlertsApi(Pool pool, CatalogService catalog, AlertRepository repository, AckService acks, AckLinks links,
      Supplier<AckPages> pages, Authentication auth) {
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.acks = acks;
    this.links = links;
    this.pages = pages;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/alerts").handler(auth.source()).handler(this::list);
    api.get("/alerts/:id").handler(auth.source()).handler(this::get);
    api.get("/alerts/:id/acknowledge").handler(this::page);
    api.post("/alerts/:id/acknowledge").consumes(FORM).handler(this::acknowledgeByForm);
    api.post("/alerts/:id/acknowledge").handler(this::tokenOrAdmin).handler(this::acknowledgeByApi);
  }

  private void list(RoutingContext ctx) {
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current());
    Catalog current = scope.catalog();
    Query query = new Query(ctx);
    String[] states = query.codes("state", code -> AlertState.fromCode(code).isPresent());
    String[] severities = query.codes("severity", code -> Severity.fromCode(code).isPresent());
    String[] units = query.orgUnitWithSubunits(current);
    String[] indicators = query.indicator(current);
    int limit = query.integer("limit", 1, MAX_PAGE, DEFAULT_PAGE);
    Long before = query.optionalId("before");
    query.throwIfInvalid();
    AlertRepository.AlertFilter filter = new AlertRepository.AlertFilter(arrayOrNull(states), arrayOrNull(severities),
        scope.orgUnits(units), scope.indicators(indicators));
    KommunScope.statement(pool, scope.kommuner(), conn -> repository.list(conn, filter, before, limit + 1))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.stream().limit(limit).forEach(row -> items.add(scope.shown(AlertJson.alert(row, current))));
          String next = rows.size() > limit ? nextPage(ctx, rows.get(limit - 1).id) : null;
          json(ctx, 200, new JsonObject().put("count", items.size()).put("items", items).put("next", next));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = pathId(ctx);
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current());
    Catalog current = scope.catalog();
    KommunScope.snapshot(pool, scope.kommuner(), conn -> {
          Future<Optional<AlertRow>> alert = repository.alert(conn, id);
          Future<List<AlertRepository.StoredEvent>> events = repository.events(conn, id);
          return Future.all(alert, events).map(both -> alert.result().map(found -> new Found(found, events.result())));
        })
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(notFound());
          }
          scope.check(found.get().alert().indicatorId, found.get().alert().orgUnitId);
          return Future.succeededFuture(AlertJson.alert(found.get().alert(), current)
              .put("events", AlertJson.events(found.get().events())));
        })
        .onSuccess(body -> json(ctx, 200, scope.shown(body)))
        .onFailure(ctx::fail);
  }

  /** The link's landing page. Changes nothing whatever is sent: scanners fetch every link in an email. */
  private void page(RoutingContext ctx) {
    Optional<Long> id = AlertsApi.id(ctx.pathParam("id"));
    if (id.isEmpty()) {
      refuse(ctx, 404, () -> pages.get().notFound(), notFound());
      return;
    }
    String token = ctx.request().getParam("token");
    SignedTokens.Verdict verdict = links.verify(id.get(), token);
    if (verdict instanceof SignedTokens.Refused refused) {
      refuse(ctx, 403, () -> pages.get().refused(refused.expired()), badToken(refused));
      return;
    }
    Catalog current = catalog.current();
    KommunScope.statement(pool, everyKommun(current), conn -> repository.alert(conn, id.get()))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            refuse(ctx, 404, () -> pages.get().notFound(), notFound());
          } else if (!found.get().state.open()) {
            html(ctx, 200, pages.get().notOpen(found.get(), current));
          } else if (found.get().acknowledged()) {
            html(ctx, 200, pages.get().alreadyAcknowledged(found.get(), current));
          } else {
            html(ctx, 200, pages.get().form(found.get(), current, token, "", Optional.empty()));
          }
        })
        .onFailure(ctx::fail);
  }

  private void acknowledgeByForm(RoutingContext ctx) {
    Optional<Long> id = AlertsApi.id(ctx.pathParam("id"));
    if (id.isEmpty()) {
      html(ctx, 404, pages.get().notFound());
      return;
    }
    String token = ctx.request().getFormAttribute("token");
    String comment = Optional.ofNullable(ctx.request().getFormAttribute("comment")).orElse("").strip();
    SignedTokens.Verdict verdict = links.verify(id.get(), token);
    if (verdict instanceof SignedTokens.Refused refused) {
      html(ctx, 403, pages.get().refused(refused.expired()));
      return;
    }
    Catalog current = catalog.current();
    Optional<String> problem = commentProblem(comment);
    if (problem.isPresent()) {
      KommunScope.statement(pool, everyKommun(current), conn -> repository.alert(conn, id.get()))
          .onSuccess(found -> html(ctx, found.isEmpty() ? 404 : 422, found.isEmpty() ? pages.get().notFound()
              : pages.get().form(found.get(), current, token, PersonalIdentityNumbers.masked(comment), problem)))
          .onFailure(ctx::fail);
      return;
    }
    String actor = AckService.LINK_ACTOR + ((SignedTokens.Valid) verdict).recipient();
    acks.acknowledge(everyKommun(current), id.get(), actor, Cause.ACKNOWLEDGED_BY_LINK, comment)
        .onSuccess(result -> {
          switch (result.outcome()) {
            case ACKNOWLEDGED -> html(ctx, 200, pages.get().acknowledged(result.alert().get(), current));
            case ALREADY_ACKNOWLEDGED -> html(ctx, 200, pages.get().alreadyAcknowledged(result.alert().get(),
                current));
            case NOT_OPEN -> html(ctx, 409, pages.get().notOpen(result.alert().get(), current));
            case NOT_FOUND -> html(ctx, 404, pages.get().notFound());
          }
        })
        .onFailure(ctx::fail);
  }

  /** A JSON acknowledgement carries either the link's token or an admin key. */
  private void tokenOrAdmin(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    ctx.put("ack.body", body);
    if (body.getValue("token") instanceof String token) {
      Optional<Long> id = AlertsApi.id(ctx.pathParam("id"));
      if (id.isEmpty()) {
        ctx.fail(notFound());
        return;
      }
      SignedTokens.Verdict verdict = links.verify(id.get(), token);
      if (verdict instanceof SignedTokens.Refused refused) {
        ctx.fail(badToken(refused));
        return;
      }
      ctx.put("ack.actor", AckService.LINK_ACTOR + ((SignedTokens.Valid) verdict).recipient());
      ctx.next();
      return;
    }
    auth.admin().handle(ctx);
  }

  private void acknowledgeByApi(RoutingContext ctx) {
    long id = pathId(ctx);
    JsonObject body = ctx.get("ack.body");
    Object rawComment = body.getValue("comment");
    if (rawComment != null && !(rawComment instanceof String)) {
      throw invalid("/comment", "comment must be a string");
    }
    String comment = rawComment == null ? "" : ((String) rawComment).strip();
    commentProblem(comment).ifPresent(problem -> {
      throw invalid("/comment", problem);
    });
    String linkActor = ctx.get("ack.actor");
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    String actor = linkActor != null ? linkActor : AckService.ADMIN_ACTOR + caller.name();
    Cause cause = linkActor != null ? Cause.ACKNOWLEDGED_BY_LINK : Cause.ACKNOWLEDGED_BY_API;
    Catalog current = catalog.current();
    Set<String> kommuner = linkActor != null ? everyKommun(current) : caller.kommuner();
    acks.acknowledge(kommuner, id, actor, cause, comment)
        .compose(result -> switch (result.outcome()) {
          case ACKNOWLEDGED, ALREADY_ACKNOWLEDGED -> Future.succeededFuture(
              AlertJson.alert(result.alert().get(), current));
          case NOT_OPEN -> Future.failedFuture(new ProblemException(Problem.of(409, ProblemType.ALERT_NOT_OPEN, "The alert is " + result.alert().get().state.code()
                  + "; only pending and firing alerts can be acknowledged.")));
          case NOT_FOUND -> Future.failedFuture(notFound());
        })
        .onSuccess(alert -> json(ctx, 200, alert))
        .onFailure(ctx::fail);
  }

  /** An alert found with its audit trail. */
  private record Found(AlertRow alert, List<AlertRepository.StoredEvent> events) {}

  /**
   * A signed link's authority is its signature, which names one alert: its transaction may name every kommun, and
   * PostgreSQL shows it that one alert, whichever kommun's it is.
   */
  private static Set<String> everyKommun(Catalog current) {
    return current.kommunCodes();
  }

  /** Swedish for the page, because a manager reads it; the API answers in English problem+json. */
  static Optional<String> commentProblem(String comment) {
    if (comment.length() > AckPages.MAX_COMMENT) {
      return Optional.of("Kommentaren får vara högst " + AckPages.MAX_COMMENT + " tecken.");
    }
    if (PersonalIdentityNumbers.containsAny(comment)) {
      return Optional.of("Kommentaren ser ut att innehålla ett personnummer. Ta bort det och försök igen: "
          + "kvitteringar sparas i en logg som många kan läsa.");
    }
    return Optional.empty();
  }

  private static void refuse(RoutingContext ctx, int status, Supplier<String> page, ProblemException problem) {
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("text/html")) {
      html(ctx, status, page.get());
    } else {
      ctx.fail(problem);
    }
  }

  private static ProblemException badToken(SignedTokens.Refused refused) {
    return new ProblemException(Problem.of(403, refused.expired() ? ProblemType.ACK_LINK_EXPIRED : ProblemType.ACK_LINK_INVALID,
        refused.expired() ? "The acknowledgement link has expired."
            : "The acknowledgement token is not valid for this alert."));
  }

  static ProblemException notFound() {
    return new ProblemException(Problem.of(404, ProblemType.NOT_FOUND, "There is no alert with that id."));
  }

  public static ProblemException invalid(String pointer, String detail) {
    return new ProblemException(new Problem(422, ProblemType.INVALID_REQUEST, detail,
        List.of(new Problem.FieldError(pointer, detail))));
  }

  /** A positive id that fits a bigint; anything else names no alert. */
  public static Optional<Long> id(String raw) {
    return raw != null && raw.matches("[1-9][0-9]{0,17}") ? Optional.of(Long.parseLong(raw)) : Optional.empty();
  }

  private static long pathId(RoutingContext ctx) {
    return id(ctx.pathParam("id")).orElseThrow(AlertsApi::notFound);
  }

  private static String[] arrayOrNull(String[] values) {
    return values.length == 0 ? null : values;
  }

  private static String nextPage(RoutingContext ctx, long lastId) {
    StringBuilder next = new StringBuilder("/api/v1/alerts?");
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      // only the filters this endpoint reads (each checked against the catalog): the link repeats nothing else
      if (LIST_FILTERS.contains(param.getKey())) {
        next.append(encode(param.getKey())).append('=').append(encode(param.getValue())).append('&');
      }
    }
    return next.append("before=").append(lastId).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  /** No caching, no referrer (the token is in the URL), no scripts, no framing. */
  static void html(RoutingContext ctx, int status, String page) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'")
        .end(page);
  }

  /** Query parameters of the list endpoints, checked against the catalog, every problem collected. */
  public static final class Query {
    private final RoutingContext ctx;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Query(RoutingContext ctx) {
      this.ctx = ctx;
    }

    String[] codes(String name, Predicate<String> valid) {
      List<String> values = new ArrayList<>();
      for (String raw : ctx.queryParam(name)) {
        for (String code : raw.split(",")) {
          if (code.isBlank()) {
            continue;
          }
          if (!valid.test(code.strip())) {
            errors.add(new Problem.FieldError("/query/" + name, "unknown " + name + " '" + shorten(code) + "'"));
          } else {
            values.add(code.strip());
          }
        }
      }
      return values.toArray(String[]::new);
    }

    /** The unit and every unit below it; null when not given. */
    public String[] orgUnitWithSubunits(Catalog current) {
      String unit = ctx.request().getParam("orgUnit");
      if (unit == null || unit.isBlank()) {
        return null;
      }
      if (current.organisation().unit(unit).isEmpty()) {
        errors.add(new Problem.FieldError("/query/orgUnit", "unknown org unit '" + shorten(unit) + "'"));
        return null;
      }
      return current.organisation().units().stream()
          .filter(u -> current.organisation().chainUpwards(u.id()).stream().anyMatch(c -> c.id().equals(unit)))
          .map(OrgUnit::id)
          .toArray(String[]::new);
    }

    public String[] indicator(Catalog current) {
      String indicator = ctx.request().getParam("indicator");
      if (indicator == null || indicator.isBlank()) {
        return null;
      }
      if (current.indicator(indicator).isEmpty()) {
        errors.add(new Problem.FieldError("/query/indicator", "unknown indicator '" + shorten(indicator) + "'"));
        return null;
      }
      return new String[] {indicator};
    }

    int integer(String name, int min, int max, int fallback) {
      String raw = ctx.request().getParam(name);
      if (raw == null || raw.isBlank()) {
        return fallback;
      }
      if (raw.matches("[0-9]{1,9}")) {
        int value = Integer.parseInt(raw);
        if (value >= min && value <= max) {
          return value;
        }
      }
      errors.add(new Problem.FieldError("/query/" + name, name + " must be a whole number from " + min + " to "
          + max));
      return fallback;
    }

    Long optionalId(String name) {
      String raw = ctx.request().getParam(name);
      if (raw == null || raw.isBlank()) {
        return null;
      }
      Optional<Long> id = id(raw);
      if (id.isEmpty()) {
        errors.add(new Problem.FieldError("/query/" + name, name + " must be an alert id"));
      }
      return id.orElse(null);
    }

    public void throwIfInvalid() {
      if (!errors.isEmpty()) {
        throw new ProblemException(new Problem(422, ProblemType.INVALID_QUERY,
            "Some query parameters are not valid; see errors.", List.copyOf(errors)));
      }
    }

    private static String shorten(String text) {
      String printable = text.replaceAll("[^\\p{L}\\p{N}._-]", "?");
      return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
  }
}
