package se.indikatorvakt.http;

/**
 * Every kind of problem the API answers with: the slug of its type URI and its title. The Problem schema of
 * openapi.yaml lists the same type URIs (ProblemTypesTest), so an integrator can see every error there.
 */
public enum ProblemType {
  ACK_LINK_EXPIRED("ack-link-expired", "Forbidden"),
  ACK_LINK_INVALID("ack-link-invalid", "Forbidden"),
  ADMIN_KEY_REQUIRED("admin-key-required", "Forbidden"),
  ALERT_NOT_OPEN("alert-not-open", "Alert is not open"),
  AMBIGUOUS_FRAMING("ambiguous-framing", "Bad request"),
  ANALYSIS_LINK_INVALID("analysis-link-invalid", "Forbidden"),
  BAD_REQUEST("bad-request", "Bad request"),
  BODY_TOO_LARGE("body-too-large", "Request body too large"),
  DATABASE_UNAVAILABLE("database-unavailable", "Service temporarily unavailable"),
  FORBIDDEN("forbidden", "Forbidden"),
  HEADERS_TOO_LARGE("headers-too-large", "Request header fields too large"),
  INTERNAL_ERROR("internal-error", "Internal error"),
  INVALID_ANALYSIS("invalid-analysis", "Invalid analysis"),
  INVALID_ASSESSMENT("invalid-assessment", "Invalid assessment"),
  INVALID_BODY("invalid-body", "Invalid request body"),
  INVALID_CATALOG("invalid-catalog", "Catalog not reloaded"),
  INVALID_MEASUREMENTS("invalid-measurements", "Invalid measurements"),
  INVALID_PARAMETER("invalid-parameter", "Invalid parameter"),
  INVALID_QUERY("invalid-query", "Invalid query"),
  INVALID_REQUEST("invalid-request", "Invalid request"),
  INVALID_SILENCE("invalid-silence", "Invalid silence"),
  INVALID_TEXT("invalid-text", "Invalid text"),
  MALFORMED_JSON("malformed-json", "Malformed JSON"),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
  MISSING_HOST("missing-host", "Bad request"),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
  NOT_FOUND("not-found", "Not found"),
  OUT_OF_SCOPE("out-of-scope", "Outside the key's scope"),
  RATE_LIMITED("rate-limited", "Too many requests"),
  REPORTS_BUSY("reports-busy", "Service busy"),
  REPORT_TIMEOUT("report-timeout", "Report took too long"),
  REQUEST_FAILED("request-failed", "Request failed"),
  REQUEST_TIMEOUT("request-timeout", "Request timeout"),
  TOO_MANY_MEASUREMENTS("too-many-measurements", "Too many measurements"),
  UNAUTHORIZED("unauthorized", "Unauthorized"),
  UNKNOWN_INDICATOR("unknown-indicator", "Unknown indicator"),
  UNKNOWN_NOTIFICATION("unknown-notification", "Unknown notification"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
  URI_TOO_LONG("uri-too-long", "Request line too long");

  private static final String BASE = "https://indikatorvakt.example/problems/";

  private final String slug;
  private final String title;

  ProblemType(String slug, String title) {
    this.slug = slug;
    this.title = title;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String uri() {
    return BASE + slug;
  }
}
