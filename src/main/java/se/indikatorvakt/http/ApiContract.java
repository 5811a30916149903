package se.indikatorvakt.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.RequestUtils;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.text.StrictJson;

/**
 * The API's OpenAPI 3.1 document (src/main/resources/openapi.yaml), served as it is written and
 * enforced on every request to a path it describes: operation, media type, parameters and small
 * bodies are checked here, synchronously, before any module sees the request.
 *
 * <p>Why not vertx-web-openapi-router's RouterBuilder: its validator runs every request through
 * executeBlocking (a worker-pool hop per single POST), validates a 10 000-item batch as one schema
 * instance, stops at the request level instead of listing every bad item, and would force every
 * module to bind handlers by operationId. The contract is the same document and the same validator
 * library (vertx-openapi, vertx-json-schema); bodies of operations marked
 * {@code x-indikatorvakt-body-validation: per-item} are validated by their module item by item, with
 * the same rules their schema states.
 */
public final class ApiContract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiContract.class);
  public static final String RESOURCE = "openapi.yaml";
  public static final String BODY_VALIDATION = "x-indikatorvakt-body-validation";
  private static final String OPERATION_KEY = "indikatorvakt.operation";
  private static final String ADMIN_SCHEME = "adminKey";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final OpenAPIContract contract;
  private final JsonObject raw;
  private final Buffer document;
  private final Map<String, Validator> bodyValidators = new ConcurrentHashMap<>();
  private final Map<Parameter, Validator> parameterValidators = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> requestMediaTypes = new ConcurrentHashMap<>();
  /** Per operation id, the key it needs: read from the document once, not with two streams per request. */
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  /** Per operation id, its path as a route template; worked out once, not with a regular expression per request. */
  private final Map<String, String> routeTemplates = new ConcurrentHashMap<>();
  private final AtomicBoolean coverageReported = new AtomicBoolean();

  /** The key an operation needs: none (or another way in, left to its module), any key, an administrator's. */
  private enum Key { NONE, SOURCE, ADMIN }

  private ApiContract(OpenAPIContract contract, JsonObject raw, Buffer document) {
    this.contract = contract;
    this.raw = raw;
    this.document = document;
  }

  /**
   * Reads and checks the document (an invalid document stops start-up). vertx-openapi 5.0 refuses
   * documents whose responses use media types it cannot validate (application/problem+json among
   * them), so it is given a copy without response contents and without request media types it does
   * not know: responses are never validated here, and media types are checked against the document
   * itself. The document is served exactly as written. Parsing and copying the document take most of a second of
   * CPU on a busy machine, so they run on a worker.
   */
  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE)
        .compose(text -> vertx.executeBlocking(() -> Parsed.of(text)))
        .compose(parsed -> OpenAPIContract.from(vertx, parsed.enforceable())
            .map(contract -> new ApiContract(contract, parsed.raw(), parsed.text())));
  }

  private record Parsed(Buffer text, JsonObject raw, JsonObject enforceable) {
    /** The YAML reader answers at once, with a completed future. */
    static Parsed of(Buffer text) {
      Future<JsonObject> read = Utils.yamlStringToJson(text.toString(StandardCharsets.UTF_8));
      if (read.failed()) {
        throw new IllegalStateException(RESOURCE + " is not readable YAML: " + read.cause().getMessage(), read.cause());
      }
      return new Parsed(text, read.result(), ApiContract.enforceable(read.result()));
    }
  }

  static JsonObject enforceable(JsonObject raw) {
    JsonObject copy = raw.copy();
    JsonObject components = copy.getJsonObject("components", new JsonObject());
    components.getJsonObject("responses", new JsonObject()).forEach(e -> ((JsonObject) e.getValue()).remove("content"));
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(entry -> {
      if (!(entry.getValue() instanceof JsonObject operation) || !HTTP_METHODS.contains(entry.getKey())) {
        return;
      }
      operation.getJsonObject("responses", new JsonObject()).forEach(r -> {
        if (r.getValue() instanceof JsonObject response) {
          response.remove("content");
        }
      });
      JsonObject content = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content");
      if (content != null) {
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        if (content.isEmpty()) {
          content.put(MediaType.APPLICATION_OCTET_STREAM, new JsonObject());
        }
      }
    }));
    return copy;
  }

  public OpenAPIContract openApi() {
    return contract;
  }

  /** GET /openapi.yaml: the document itself, public. */
  public void serve(Router api) {
    api.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(document));
  }

  /**
   * Before anything of the request is checked: the key its operation's {@code security} asks for (401, 403), so that
   * a caller without one learns nothing about the contract's rules. An operation that also allows no key
   * ({@code - {}}) is left to its module, which knows the other way in (an acknowledgement link's token).
   */
  public Handler<RoutingContext> securityGate(KeyCheck auth) {
    Handler<RoutingContext> source = auth.source();
    Handler<RoutingContext> admin = auth.admin();
    return ctx -> {
      Operation operation = operation(ctx);
      Key key = operation == null ? Key.NONE : keys.computeIfAbsent(operation.getOperationId(), id -> key(operation));
      switch (key) {
        case NONE -> ctx.next();
        case ADMIN -> admin.handle(ctx);
        case SOURCE -> source.handle(ctx);
      }
    };
  }

  /** Which key an operation's {@code security} asks for. */
  private static Key key(Operation operation) {
    List<SecurityRequirement> required = operation.getSecurityRequirements();
    if (required == null || required.isEmpty() || required.stream().anyMatch(SecurityRequirement::isEmpty)) {
      return Key.NONE;
    }
    return required.stream().allMatch(r -> r.getNames().equals(Set.of(ADMIN_SCHEME))) ? Key.ADMIN : Key.SOURCE;
  }

  /** The operation the request is for, found once per request; null for a path the document does not describe. */
  private Operation operation(RoutingContext ctx) {
    if (ctx.data().containsKey(OPERATION_KEY)) {
      return ctx.get(OPERATION_KEY);
    }
    String path = ctx.normalizedPath();
    // the router also matches "/measurements/" to "/measurements"; the contract must see the same operation
    Operation operation = contract.findOperation(path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path, ctx.request().method());
    ctx.put(OPERATION_KEY, operation);
    if (operation != null) {
      // a request refused by a gate (401, 415, 413) is counted under its endpoint's route template in the HTTP metrics
      ctx.request().routed(routeTemplates.computeIfAbsent(operation.getOperationId(),
          id -> operation.getOpenAPIPath().replaceAll("\\{([^}/]+)}", ":$1")));
    }
    return operation;
  }

  /**
   * Second check, before the body is read: the operation, its media type (415) and its parameters
   * (400). Paths the document does not describe pass on to the router, which answers 404/405.
   */
  public Handler<RoutingContext> requestGate() {
    return ctx -> {
      Operation operation = operation(ctx);
      if (operation == null) {
        ctx.next();
        return;
      }
      Problem problem = mediaTypeProblem(operation, ctx.request());
      if (problem == null) {
        problem = parameterProblem(operation, ctx);
      }
      if (problem != null) {
        ctx.fail(new ProblemException(problem));
        return;
      }
      ctx.next();
    };
  }

  /**
   * Third check, after the (size-limited) body handler: a JSON body of an operation that is not
   * validated per item must be strict JSON (400) matching its schema (422).
   */
  public Handler<RoutingContext> bodyGate() {
    return ctx -> {
      Operation operation = ctx.get(OPERATION_KEY);
      MediaType json = operation == null || operation.getRequestBody() == null ? null
          : operation.getRequestBody().getContent().get("application/json");
      if (json == null || "per-item".equals(operation.getExtensions().get(BODY_VALIDATION))
          || !isJson(ctx.request().getHeader("Content-Type"))) {
        ctx.next();
        return;
      }
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) {
        if (operation.getRequestBody().isRequired()) {
          ctx.fail(new ProblemException(Problem.of(400, ProblemType.MALFORMED_JSON,
              "The body is empty; this operation needs a JSON document.")));
          return;
        }
        ctx.next();
        return;
      }
      Object parsed;
      try {
        parsed = StrictJson.parse(body.getBytes());
      } catch (StrictJson.MalformedJsonException e) {
        ctx.fail(new ProblemException(malformed(e)));
        return;
      }
      if (json.getSchema() != null) {
        OutputUnit result = bodyValidators.computeIfAbsent(operation.getOperationId(),
            id -> contract.getSchemaRepository().validator(json.getSchema())).validate(vertxJson(parsed));
        if (!Boolean.TRUE.equals(result.getValid())) {
          ctx.fail(new ProblemException(new Problem(422, ProblemType.INVALID_BODY,
              "The body does not match the schema of " + operation.getOperationId() + " in openapi.yaml.",
              schemaErrors(result))));
          return;
        }
      }
      ctx.next();
    };
  }

  /**
   * The problem for a body that is not strict JSON (400), pointing where the reader stopped; for a string that is
   * not text (a lone surrogate) 422, pointing at the field, like any other invalid value.
   */
  public static Problem malformed(StrictJson.MalformedJsonException e) {
    if (e instanceof StrictJson.InvalidTextException) {
      return new Problem(422, ProblemType.INVALID_TEXT, "A string in the body is not text: it "
          + e.getMessage() + ". Nothing was stored.", List.of(new Problem.FieldError(e.pointer(), e.getMessage())));
    }
    return new Problem(400, ProblemType.MALFORMED_JSON, "The body is not valid JSON: " + e.getMessage() + ".",
        List.of(new Problem.FieldError(e.pointer(), e.getMessage())));
  }

  /**
   * Warns once at start-up about API routes the document does not describe: their requests pass
   * unchecked, which is a gap in the contract, not in the route.
   */
  public void reportUndocumented(Router api) {
    if (!coverageReported.compareAndSet(false, true)) {
      return;
    }
    for (String route : undocumented(api)) {
      LOG.warn("API route {} is not described in {}; its requests are not checked against the contract", route,
          RESOURCE);
    }
  }

  /** "METHOD /path" of every route on the API router that no operation of the document matches. */
  public List<String> undocumented(Router api) {
    String base = contract.getServers().isEmpty() ? "" : contract.getServers().get(0).getBasePath();
    List<String> missing = new ArrayList<>();
    for (Route route : api.getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      String concrete = base + path.replaceAll(":[A-Za-z0-9_]+", "x");
      for (HttpMethod method : route.methods()) {
        if (contract.findOperation(concrete, method) == null) {
          missing.add(method.name() + " " + path);
        }
      }
    }
    return missing;
  }

  private Problem mediaTypeProblem(Operation operation, HttpServerRequest request) {
    if (operation.getRequestBody() == null) {
      return null;
    }
    String header = request.getHeader("Content-Type");
    Set<String> accepted = requestMediaTypes.computeIfAbsent(operation.getOperationId(), id -> documented(operation));
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!accepted.contains(type) || !utf8OrNoCharset(header)) {
      return Problem.of(415, ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "Send the body as " + String.join(" or ", accepted) + " in UTF-8"
              + (header == null ? "; the request has no Content-Type." : "."));
    }
    return null;
  }

  /** The request media types as the document states them (the enforced copy may lack some). */
  private Set<String> documented(Operation operation) {
    JsonObject body = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
        .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("requestBody");
    String ref = body.getString("$ref");
    if (ref != null && ref.startsWith("#/components/requestBodies/")) {
      body = raw.getJsonObject("components").getJsonObject("requestBodies")
          .getJsonObject(ref.substring("#/components/requestBodies/".length()));
    }
    Set<String> types = new java.util.TreeSet<>();
    body.getJsonObject("content", new JsonObject()).fieldNames()
        .forEach(type -> types.add(type.toLowerCase(Locale.ROOT)));
    return types;
  }

  private static boolean utf8OrNoCharset(String header) {
    String[] parts = header.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].trim().split("=", 2);
      if (pair[0].trim().equalsIgnoreCase("charset")
          && (pair.length < 2 || !pair[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJson(String header) {
    return header != null && header.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
  }

  private Problem parameterProblem(Operation operation, RoutingContext ctx) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      String pointer = switch (parameter.getIn()) {
        case QUERY -> "?" + name;
        case PATH -> "{" + name + "}";
        case HEADER, COOKIE -> name + ":";
      };
      List<String> values = switch (parameter.getIn()) {
        case QUERY -> ctx.queryParam(name);
        case PATH -> pathSegment(operation, ctx.normalizedPath(), name);
        case HEADER -> ctx.request().headers().getAll(name);
        case COOKIE -> List.of();
      };
      if (values.isEmpty()) {
        if (parameter.isRequired()) {
          errors.add(new Problem.FieldError(pointer, "is required"));
        }
        continue;
      }
      if (values.size() > 1) {
        errors.add(new Problem.FieldError(pointer, "is given more than once"));
        continue;
      }
      Object value = typed(parameter.getSchemaType(), values.get(0));
      if (value == null) {
        errors.add(new Problem.FieldError(pointer, "must be " + describe(parameter.getSchemaType())));
        continue;
      }
      OutputUnit result = parameterValidators.computeIfAbsent(parameter,
          p -> contract.getSchemaRepository().validator(p.getSchema())).validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        errors.add(new Problem.FieldError(pointer, "does not match its schema in openapi.yaml: "
            + firstError(result)));
      }
    }
    return errors.isEmpty() ? null : new Problem(400, ProblemType.INVALID_PARAMETER,
        "A parameter does not match openapi.yaml.", errors);
  }

  private static List<String> pathSegment(Operation operation, String path, String name) {
    int index = RequestUtils.findPathSegment(operation.getAbsoluteOpenAPIPath(), name);
    String[] segments = path.split("/", -1);
    if (index < 0 || index >= segments.length) {
      return List.of();
    }
    try {
      return List.of(URLDecoder.decode(segments[index].replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return List.of("\u0000");
    }
  }

  private static Object typed(SchemaType type, String text) {
    if (type == null) {
      return text;
    }
    try {
      return switch (type) {
        case INTEGER -> Long.valueOf(text);
        case NUMBER -> {
          double value = Double.parseDouble(text);
          yield Double.isFinite(value) ? Double.valueOf(value) : null;
        }
        case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
        default -> text;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(SchemaType type) {
    return switch (type) {
      case INTEGER -> "a whole number";
      case NUMBER -> "a finite number";
      case BOOLEAN -> "true or false";
      default -> "a " + type.name().toLowerCase(Locale.ROOT);
    };
  }

  private static Object vertxJson(Object parsed) {
    if (parsed instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) map;
      return new JsonObject(object);
    }
    if (parsed instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> array = (List<Object>) list;
      return new JsonArray(array);
    }
    return parsed == StrictJson.UNREPRESENTABLE ? Double.POSITIVE_INFINITY : parsed;
  }

  private static List<Problem.FieldError> schemaErrors(OutputUnit result) {
    List<Problem.FieldError> errors = new ArrayList<>();
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result)
        : result.getErrors();
    for (OutputUnit unit : units) {
      String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
      errors.add(new Problem.FieldError(location.startsWith("#") ? location.substring(1) : location,
          unit.getError() == null ? "does not match the schema" : unit.getError()));
    }
    return errors;
  }

  private static String firstError(OutputUnit result) {
    if (result.getErrors() != null && !result.getErrors().isEmpty() && result.getErrors().get(0).getError() != null) {
      return result.getErrors().get(0).getError();
    }
    return result.getError() == null ? "invalid" : result.getError();
  }
}
