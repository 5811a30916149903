package se.indikatorvakt.http.api.measurements;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.db.DatabaseErrors;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.JsonBody;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;
import se.indikatorvakt.ingest.KoladaImport;
import se.indikatorvakt.ingest.MeasurementInput;
import se.indikatorvakt.ingest.MeasurementKey;
import se.indikatorvakt.ingest.MeasurementPipeline;
import se.indikatorvakt.ingest.MeasurementQuery;
import se.indikatorvakt.ingest.MeasurementRepository;
import se.indikatorvakt.ingest.MeasurementValidator;
import se.indikatorvakt.ingest.Violation;
import se.indikatorvakt.metrics.Metrics;

/**
 * POST/GET /measurements, GET /measurements/history and POST /import/kolada. Media type, body size and
 * parameters were checked against openapi.yaml before a request gets here; this class reads the body
 * strictly, validates it item by item, checks the key's scope and hands the measurements to
 * {@link MeasurementPipeline}. The answer is sent only after the commit.
 *
 * <p>Reading needs a key too, and a source key reads only what it may write ({@link ReadScope}): the values are
 * aggregates, but small counts split by kön can come close to identifying people.
 */
public final class IngestApi implements ApiModule {
  /** Bodies beyond this are parsed and validated on a worker, so a 4 MiB batch never stalls an event loop. */
  static final int WORKER_THRESHOLD_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final CatalogService catalog;
  private final Authentication auth;
  private final Metrics metrics;
  private final MeasurementPipeline pipeline;
  private final int maxBatchSize;

  public IngestApi(Vertx vertx, Pool pool, Clock clock, CatalogService catalog, Authentication auth, Metrics metrics,
      MeasurementPipeline pipeline, int maxBatchSize) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.catalog = catalog;
    this.auth = auth;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.maxBatchSize = maxBatchSize;
  }

  @Override
  public void mount(Router api) {
    api.post("/measurements").handler(auth.source()).handler(this::post);
    api.get("/measurements").handler(auth.source()).handler(this::list);
    api.get("/measurements/history").handler(auth.source()).handler(this::history);
    api.post("/import/kolada").handler(auth.source()).handler(this::kolada);
  }

  private void post(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Catalog current = catalog.current();
    byte[] body = bytes(ctx);
    MeasurementValidator validator = new MeasurementValidator(current, clock.instant(), maxBatchSize,
        caller.kommuner());
    offload(body.length, () -> parse(body))
        .compose(parsed -> validated(validator, parsed, body.length))
        .compose(outcome -> {
          if (outcome.tooManyItems()) {
            metrics.measurementsRejected("too-many-items", outcome.items());
            return Future.failedFuture(new ProblemException(Problem.of(413, ProblemType.TOO_MANY_MEASUREMENTS, "The request has " + outcome.items() + " measurements; at most "
                    + maxBatchSize + " are accepted per request (http.maxBatchSize). Split it; nothing was stored.")));
          }
          if (!outcome.valid()) {
            return Future.failedFuture(refused(outcome.violations(), outcome.items()));
          }
          return admitted(caller, current, outcome.measurements(), outcome.items())
              .compose(measurements -> pipeline.store(current, measurements, caller.source(), IngestJson::report));
        })
        .compose(report -> report.answer().map(Future::succeededFuture)
            .orElseGet(() -> offload(report.items().size() * 160, () -> IngestJson.report(report)))
            .onSuccess(json -> answer(ctx, report.changedAnything() ? 201 : 200, json)))
        .onFailure(ctx::fail);
  }

  /**
   * The outcome of a body's validation. A large array's items are checked in two halves on two workers at once:
   * before its transaction begins, nothing else needs the machine's second core (on one worker, the items of a
   * 10 000-item body took about 15 ms of its 25 ms of parsing and checking).
   */
  private Future<MeasurementValidator.Outcome> validated(MeasurementValidator validator, Object body, int bytes) {
    if (bytes <= WORKER_THRESHOLD_BYTES || !(body instanceof List<?> array) || array.size() > maxBatchSize) {
      return offload(bytes, () -> validator.validate(body));
    }
    int half = array.size() / 2;
    Future<MeasurementValidator.Part> first = vertx.executeBlocking(() -> validator.part(array, 0, half), false);
    Future<MeasurementValidator.Part> second = vertx.executeBlocking(() -> validator.part(array, half, array.size()),
        false);
    return Future.all(first, second).compose(both -> vertx.executeBlocking(() -> validator.whole(array,
        List.of(first.result(), second.result())), false));
  }

  private void kolada(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Catalog current = catalog.current();
    byte[] body = bytes(ctx);
    offload(body.length, () -> KoladaImport.map(parse(body), current,
        new MeasurementValidator(current, clock.instant(), maxBatchSize)))
        .compose(mapping -> {
          if (!mapping.violations().isEmpty()) {
            return Future.failedFuture(refused(mapping.violations(), mapping.measurements().size()));
          }
          int mapped = mapping.measurements().size() + mapping.places().size();
          if (mapped > maxBatchSize) {
            return Future.failedFuture(new ProblemException(Problem.of(413, ProblemType.TOO_MANY_MEASUREMENTS, "The import maps to " + mapped
                    + " measurements; at most " + maxBatchSize + " per request (http.maxBatchSize).")));
          }
          KoladaImport.Mapping writable = writable(caller, current, mapping);
          return pipeline.importKolada(current, writable, "Kolada via " + caller.source())
              .onSuccess(imported -> {
                metrics.koladaItems("imported", writable.measurements().size());
                metrics.koladaItems("compared", (int) writable.comparison().stream()
                    .filter(value -> current.kommun(value.municipality()).isEmpty()).count());
                metrics.koladaItems("unmapped", imported.mapping().unmapped().size());
                metrics.koladaItems("null-value", mapping.nullValues());
              });
        })
        .onSuccess(imported -> answer(ctx, imported.report().changedAnything() ? 201 : 200,
            IngestJson.kolada(imported.report(), imported.mapping())))
        .onFailure(ctx::fail);
  }

  /**
   * A Kolada response for many kommuner is imported into each where the key may write: the values it may not write
   * are reported (they stay comparison data, which is public Kolada data of no kommun), rather than refusing all.
   */
  private static KoladaImport.Mapping writable(Caller caller, Catalog current, KoladaImport.Mapping mapping) {
    List<MeasurementInput> notWritable = new ArrayList<>();
    for (MeasurementInput m : mapping.measurements()) {
      if (!WriteScope.outOfScope(caller, current.organisation(), List.of(m)).isEmpty()) {
        notWritable.add(m);
      }
    }
    for (MeasurementInput m : mapping.places()) {
      if (!WriteScope.outOfScope(caller, current.organisation(), List.of(m)).isEmpty()) {
        notWritable.add(m);
      }
    }
    return mapping.writable(notWritable, m -> new KoladaImport.Unmapped(m.pointer(),
        m.indicator().koladaKpi().orElse(""), current.kommunOf(m.orgUnit()).map(k -> k.code()).orElse(""),
        m.period().notation(), m.gender().code(), "key '" + caller.name() + "' may not write " + m.indicator().id()
            + " of " + m.orgUnit() + "; kept as comparison data only"));
  }



  private void list(RoutingContext ctx) {
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current());
    MeasurementQuery.Parsed<MeasurementQuery> parsed = MeasurementQuery.list(params(ctx), scope.catalog());
    if (!parsed.violations().isEmpty()) {
      ctx.fail(invalidQuery(parsed.violations()));
      return;
    }
    MeasurementQuery query = parsed.query();
    String[] indicators = scope.indicators(query.indicator().map(id -> new String[] {id}).orElse(null));
    String[] orgUnits = scope.orgUnits(query.orgUnit().map(id -> new String[] {id}).orElse(null));
    KommunScope.statement(pool, scope.kommuner(), conn -> MeasurementRepository.list(conn, query, indicators, orgUnits))
        .recover(DatabaseErrors.classify())
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          Row last = null;
          for (Row row : rows) {
            if (items.size() == query.limit()) {
              break;
            }
            items.add(IngestJson.stored(row));
            last = row;
          }
          String next = rows.size() > query.limit() && last != null ? new MeasurementQuery.Cursor(
              last.getString("indicator_id"), last.getString("org_unit_id"), last.getString("gender"),
              last.getLocalDate("period_start"), last.getLocalDate("period_end")).encode() : null;
          answer(ctx, 200, new JsonObject().put("count", items.size()).put("items", items).put("next", next)
              .toBuffer());
        })
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current());
    MeasurementQuery.Parsed<MeasurementKey> parsed = MeasurementQuery.history(params(ctx), scope.catalog());
    if (!parsed.violations().isEmpty()) {
      ctx.fail(invalidQuery(parsed.violations()));
      return;
    }
    MeasurementKey key = parsed.query();
    scope.check(key.indicator(), key.orgUnit());
    KommunScope.statement(pool, scope.kommuner(), conn -> MeasurementRepository.history(conn, key))
        .recover(DatabaseErrors.classify())
        .onSuccess(rows -> {
          JsonArray revisions = new JsonArray();
          rows.forEach(row -> revisions.add(IngestJson.revision(row)));
          answer(ctx, 200, new JsonObject().put("indicator", key.indicator()).put("orgUnit", key.orgUnit())
              .put("gender", key.gender().code()).put("period", key.period()).put("revisions", revisions)
              .toBuffer());
        })
        .onFailure(ctx::fail);
  }

  /** The measurements, if the key may write every one of them; otherwise a 403 listing each that it may not. */
  private Future<List<MeasurementInput>> admitted(Caller caller, Catalog current, List<MeasurementInput> measurements,
      int items) {
    List<Violation> outside = WriteScope.outOfScope(caller, current.organisation(), measurements);
    if (outside.isEmpty()) {
      return Future.succeededFuture(measurements);
    }
    metrics.measurementsRejected(Violation.OUT_OF_SCOPE, items);
    return Future.failedFuture(new ProblemException(new Problem(403, ProblemType.OUT_OF_SCOPE,
        "Key '" + caller.name() + "' may not write " + outside.size() + " of these values; nothing was stored.",
        fieldErrors(outside))));
  }

  private ProblemException refused(List<Violation> violations, int items) {
    Map<String, Integer> byReason = new HashMap<>();
    Map<String, String> firstReasonOfItem = new LinkedHashMap<>();
    for (Violation v : violations) {
      firstReasonOfItem.putIfAbsent(itemOf(v.pointer()), v.reason());
    }
    firstReasonOfItem.values().forEach(reason -> byReason.merge(reason, 1, Integer::sum));
    byReason.merge("refused-with-batch", Math.max(0, items - firstReasonOfItem.size()), Integer::sum);
    byReason.forEach(metrics::measurementsRejected);
    return new ProblemException(new Problem(422, ProblemType.INVALID_MEASUREMENTS,
        violations.size() + (violations.size() == 1 ? " problem" : " problems") + " in the request; nothing was "
            + "stored. Each entry of errors points at the field.",
        fieldErrors(violations)));
  }

  /** The item a pointer belongs to ("/3/value" -> "/3", "/value" -> ""), for counting refused items. */
  private static String itemOf(String pointer) {
    if (pointer.startsWith("/values/")) {
      String[] parts = pointer.split("/");
      return parts.length > 4 ? "/values/" + parts[2] + "/values/" + parts[4] : pointer;
    }
    int second = pointer.indexOf('/', 1);
    return pointer.length() > 1 && Character.isDigit(pointer.charAt(1))
        ? (second < 0 ? pointer : pointer.substring(0, second)) : "";
  }

  private static ProblemException invalidQuery(List<Violation> violations) {
    return new ProblemException(new Problem(422, ProblemType.INVALID_QUERY,
        "The parameters name something that does not exist or cannot be read.",
        fieldErrors(violations)));
  }

  private static List<Problem.FieldError> fieldErrors(List<Violation> violations) {
    return violations.stream().map(v -> new Problem.FieldError(v.pointer(), v.detail())).toList();
  }

  private Object parse(byte[] body) {
    try {
      return JsonBody.parse(body);
    } catch (ProblemException malformed) {
      metrics.measurementsRejected("malformed-json", 1);
      throw malformed;
    }
  }

  private <T> Future<T> offload(int size, Callable<T> work) {
    if (size > WORKER_THRESHOLD_BYTES) {
      return vertx.executeBlocking(work, false);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static byte[] bytes(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  private static Map<String, String> params(RoutingContext ctx) {
    Map<String, String> params = new HashMap<>();
    ctx.queryParams().names().forEach(name -> params.put(name, ctx.queryParams().get(name)));
    return params;
  }

  private static void answer(RoutingContext ctx, int status, Buffer json) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }
}
