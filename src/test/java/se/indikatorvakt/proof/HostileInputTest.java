package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.proof.RawHttp.Reply;
import se.indikatorvakt.proof.RawHttp.Request;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.PersonalNumbersForTests;
import se.indikatorvakt.support.ServiceExtension;

/**
 * Malformed and hostile requests against the real service, each sent byte for byte over a socket.
 * Every one must get a 4xx application/problem+json (never a 2xx, never a 5xx, never silence), nothing
 * from any of them may be stored, no personnummer may reach the log, and the service stays ready.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
  static final int BODY_LIMIT = 65_536;
  static final int MAX_BATCH = 50;
  private static final String MEASUREMENTS = "/api/v1/measurements";
  private static final String TEMPLATE =
      "{\"indicator\":\"proof-andel\",\"orgUnit\":\"proof-enhet-01\",\"period\":\"2025-03\",\"value\":VALUE}";
  private static final Set<Integer> BAD_REQUEST = Set.of(400);
  private static final Set<Integer> UNPROCESSABLE = Set.of(422);
  private static final Set<Integer> INVALID = Set.of(400, 422);
  private static final Set<Integer> NOT_FOUND = Set.of(400, 404);
  private static final Set<Integer> UNAUTHORIZED = Set.of(401);
  private static final Set<Integer> TOO_LARGE = Set.of(413);
  private static final Set<Integer> MEDIA_TYPE = Set.of(415);

  private static LogCapture log;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withEnv(database -> {
    var env = ProofEnv.env(database, ProofCatalog.write(3));
    env.put("INDIKATORVAKT_HTTP_BODY_LIMIT_BYTES", Integer.toString(BODY_LIMIT));
    env.put("INDIKATORVAKT_HTTP_MAX_BATCH_SIZE", Integer.toString(MAX_BATCH));
    return env;
  }).withCompanion(() -> log = LogCapture.atLevel("se.indikatorvakt", Level.DEBUG));

  /** One hostile request: how to send it, which statuses are right, and the JSON pointer the problem must name. */
  record Case(String name, IntFunction<Reply> send, Set<Integer> expected, String pointer) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  @Order(1)
  void aWellFormedMeasurementIsAcceptedSoTheRefusalsBelowAreAboutTheirInput() {
    Reply reply = RawHttp.send(SERVICE.apiPort(), post(control()));
    assertThat(reply.status()).as("%s", reply).isBetween(200, 299);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  @Order(2)
  void everyHostileRequestGetsA4xxProblem(Case hostile) {
    Reply reply = hostile.send().apply(SERVICE.apiPort());
    System.out.printf("hostile %-50s -> %s%n", hostile.name(), reply);
    assertThat(reply.status()).as("status of '%s': %s", hostile.name(), reply).isIn(hostile.expected());
    assertThat(reply.header("Content-Type")).as("content type of '%s': %s", hostile.name(), reply)
        .startsWith("application/problem+json");
    JsonObject problem = new JsonObject(reply.text());
    assertThat(problem.getInteger("status")).as("problem status of '%s'", hostile.name()).isEqualTo(reply.status());
    assertThat(problem.getString("title")).as("problem title of '%s'", hostile.name()).isNotBlank();
    assertThat(problem.getString("type")).as("problem type of '%s'", hostile.name()).isNotBlank();
    if (hostile.pointer() != null) {
      JsonArray errors = problem.getJsonArray("errors", new JsonArray());
      assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer")).toList())
          .as("pointers in the problem for '%s': %s", hostile.name(), reply).contains(hostile.pointer());
    }
  }

  @Test
  @Order(3)
  void theServiceIsStillReadyAndStoredNothingFromAnyHostileRequest() {
    assertThat(new Http(SERVICE.managementPort()).get("/health/ready").status())
        .isEqualTo(200);
    assertThat(RawHttp.send(SERVICE.apiPort(), post(control())).status()).as("the control is unchanged, so 2xx")
        .isBetween(200, 299);
    List<java.util.Map<String, Object>> rows = new ProofDb(SERVICE.database()).rows(
        "SELECT indicator_id, org_unit_id, gender, period, value FROM measurement");
    assertThat(rows).as("only the well-formed control measurement is stored").hasSize(1);
    assertThat(rows.get(0)).containsEntry("org_unit_id", "proof-enhet-02").containsEntry("period", "2025-01");
  }

  @Test
  @Order(4)
  void noPersonnummerOrSamordningsnummerReachedTheLog() {
    List<String> leaked = new ArrayList<>();
    for (String number : List.of(PersonalNumbersForTests.personnummer(), PersonalNumbersForTests.samordningsnummer())) {
      for (String form : List.of(number, number.substring(0, 6) + "-" + number.substring(6),
          number.substring(0, 6) + "+" + number.substring(6), number.substring(0, 6) + " " + number.substring(6))) {
        leaked.addAll(log.linesContaining(form));
      }
    }
    assertThat(log.lines()).as("the capture saw the service's own log").isNotEmpty();
    assertThat(leaked).as("log lines holding a personal identity number").isEmpty();
  }

  @Test
  @Order(5)
  void noHostileRequestWasLoggedAsAnUnexpectedFailure() {
    assertThat(log.linesContaining("Unexpected failure")).isEmpty();
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    LocalDate now = LocalDate.now(ZoneOffset.UTC);
    String pnr = PersonalNumbersForTests.personnummer();
    String snr = PersonalNumbersForTests.samordningsnummer();

    // broken and truncated JSON
    cases.add(json("empty body", "", BAD_REQUEST));
    cases.add(json("only whitespace", "  \n\t ", BAD_REQUEST));
    cases.add(json("truncated after the opening brace", "{", BAD_REQUEST));
    cases.add(json("truncated inside a value", TEMPLATE.replace("VALUE", "8"), BAD_REQUEST, b -> b.substring(0,
        b.length() - 1)));
    cases.add(json("truncated inside a string", "{\"indicator\":\"proof-an", BAD_REQUEST));
    cases.add(json("truncated array", "[" + valid() + ",", BAD_REQUEST));
    cases.add(json("not JSON at all", "indicator=proof-andel&value=1", BAD_REQUEST));
    cases.add(json("trailing garbage after the object", valid() + "}}}", BAD_REQUEST));
    cases.add(json("two objects back to back", valid() + valid(), BAD_REQUEST));
    cases.add(json("single quotes", valid().replace('"', '\''), BAD_REQUEST));
    cases.add(json("comment inside JSON", valid().replace("{", "{/* x */"), BAD_REQUEST));
    cases.add(json("trailing comma", valid().replace("}", ",}"), BAD_REQUEST));
    cases.add(json("10 000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), INVALID));
    cases.add(json("10 000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), INVALID));
    cases.add(json("10 000 nested arrays in the comment",
        valid().replace("}", ",\"comment\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"), INVALID));
    cases.add(json("JSON null", "null", INVALID));
    cases.add(json("a bare number", "42", INVALID));
    cases.add(json("a bare string", "\"proof-andel\"", INVALID));
    cases.add(json("an array of numbers", "[1,2,3]", INVALID));

    // numbers JSON or a double cannot hold
    cases.add(json("value 1e400", TEMPLATE.replace("VALUE", "1e400"), INVALID, "/value"));
    cases.add(json("value -1e400", TEMPLATE.replace("VALUE", "-1e400"), INVALID, "/value"));
    cases.add(json("value 1e400 for kronor (any sign allowed)", kostnad("1e400"), INVALID, "/value"));
    cases.add(json("100-digit integer value", TEMPLATE.replace("VALUE", "9".repeat(100)), INVALID, "/value"));
    cases.add(json("NaN literal", TEMPLATE.replace("VALUE", "NaN"), BAD_REQUEST));
    cases.add(json("Infinity literal", TEMPLATE.replace("VALUE", "Infinity"), BAD_REQUEST));
    cases.add(json("-Infinity literal", TEMPLATE.replace("VALUE", "-Infinity"), BAD_REQUEST));
    cases.add(json("hexadecimal number", TEMPLATE.replace("VALUE", "0x50"), BAD_REQUEST));
    cases.add(json("leading zeros", TEMPLATE.replace("VALUE", "0085"), BAD_REQUEST));

    // wrong types and missing fields
    cases.add(json("value as a string", TEMPLATE.replace("VALUE", "\"85\""), INVALID, "/value"));
    cases.add(json("value \"NaN\" as a string", TEMPLATE.replace("VALUE", "\"NaN\""), INVALID, "/value"));
    cases.add(json("value true", TEMPLATE.replace("VALUE", "true"), INVALID, "/value"));
    cases.add(json("value null", TEMPLATE.replace("VALUE", "null"), INVALID, "/value"));
    cases.add(json("value an object", TEMPLATE.replace("VALUE", "{\"amount\":85}"), INVALID, "/value"));
    cases.add(json("value an array", TEMPLATE.replace("VALUE", "[85]"), INVALID, "/value"));
    cases.add(json("indicator a number", valid().replace("\"proof-andel\"", "17"), INVALID, "/indicator"));
    cases.add(json("orgUnit null", valid().replace("\"proof-enhet-01\"", "null"), INVALID, "/orgUnit"));
    cases.add(json("period a boolean", valid().replace("\"2025-03\"", "true"), INVALID, "/period"));
    cases.add(json("missing value", "{\"indicator\":\"proof-andel\",\"orgUnit\":\"proof-enhet-01\",\"period\":\"2025-03\"}",
        INVALID, "/value"));
    cases.add(json("missing indicator", "{\"orgUnit\":\"proof-enhet-01\",\"period\":\"2025-03\",\"value\":85}",
        INVALID, "/indicator"));
    cases.add(json("missing period", "{\"indicator\":\"proof-andel\",\"orgUnit\":\"proof-enhet-01\",\"value\":85}",
        INVALID, "/period"));
    cases.add(json("gender X", with("gender", "\"X\""), INVALID, "/gender"));
    cases.add(json("observedAt not a timestamp", with("observedAt", "\"yesterday\""), INVALID, "/observedAt"));
    cases.add(json("comment a number", with("comment", "12"), INVALID, "/comment"));

    // duplicate keys: which value would have been meant?
    cases.add(json("duplicate key value", valid().replace("}", ",\"value\":12}"), INVALID));
    cases.add(json("duplicate key indicator", valid().replace("{", "{\"indicator\":\"proof-antal\","), INVALID));

    // the catalog and the unit's range
    cases.add(json("unknown indicator", valid().replace("proof-andel", "no-such-indicator"), UNPROCESSABLE,
        "/indicator"));
    cases.add(json("unknown org unit", valid().replace("proof-enhet-01", "no-such-unit"), UNPROCESSABLE, "/orgUnit"));
    cases.add(json("procent above 100", TEMPLATE.replace("VALUE", "100.5"), UNPROCESSABLE, "/value"));
    cases.add(json("procent below 0", TEMPLATE.replace("VALUE", "-0.1"), UNPROCESSABLE, "/value"));
    cases.add(json("negative antal", antal("-1"), UNPROCESSABLE, "/value"));
    cases.add(json("non-integer antal", antal("2.5"), UNPROCESSABLE, "/value"));
    cases.add(json("negative dagar", dagar("2025-03-03", "-3"), UNPROCESSABLE, "/value"));

    // periods
    cases.add(json("month in the future", valid().replace("2025-03", now.plusMonths(2).toString().substring(0, 7)),
        UNPROCESSABLE, "/period"));
    cases.add(json("day in the future", dagar(now.plusDays(3).toString(), "3"), UNPROCESSABLE, "/period"));
    cases.add(json("year in the future", kostnad("100").replace("\"2024\"", "\"" + (now.getYear() + 2) + "\""),
        UNPROCESSABLE, "/period"));
    cases.add(json("kvartal notation for a month indicator", valid().replace("2025-03", "2025-Q1"), UNPROCESSABLE,
        "/period"));
    cases.add(json("day notation for a month indicator", valid().replace("2025-03", today), UNPROCESSABLE, "/period"));
    cases.add(json("month notation for a kvartal indicator", antal("1").replace("2025-Q1", "2025-03"), UNPROCESSABLE,
        "/period"));
    cases.add(json("month 13", valid().replace("2025-03", "2025-13"), UNPROCESSABLE, "/period"));
    cases.add(json("30 February", dagar("2025-02-30", "3"), UNPROCESSABLE, "/period"));
    cases.add(json("kvartal Q5", antal("1").replace("2025-Q1", "2025-Q5"), UNPROCESSABLE, "/period"));
    cases.add(json("fullwidth digits in the period", valid().replace("2025-03", "２０２５-０３"), UNPROCESSABLE,
        "/period"));
    cases.add(json("period with a trailing space", valid().replace("2025-03", "2025-03 "), UNPROCESSABLE, "/period"));
    cases.add(json("year 0000", kostnad("100").replace("\"2024\"", "\"0000\""), UNPROCESSABLE, "/period"));

    // personnummer and samordningsnummer in free text (OSL 26 kap.)
    cases.add(json("personnummer, 12 digits with dash", with("comment", "\"Gäller 19" + dash(pnr) + "\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer, 10 digits with dash", with("comment", "\"brukare " + dash(pnr) + " klagade\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer, 10 digits without separator", with("comment", "\"pnr " + pnr + "\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer, 12 digits without separator", with("comment", "\"19" + pnr + "\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer with plus (over 100 years)", with("comment", "\"" + pnr.substring(0, 6) + "+"
        + pnr.substring(6) + "\""), UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer with a space", with("comment", "\"" + pnr.substring(0, 6) + " "
        + pnr.substring(6) + "\""), UNPROCESSABLE, "/comment"));
    cases.add(json("samordningsnummer with dash", with("comment", "\"samordningsnr " + dash(snr) + "\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer as JSON unicode escapes", with("comment", "\"" + unicodeEscaped(dash(pnr)) + "\""),
        UNPROCESSABLE, "/comment"));
    cases.add(json("personnummer in the second item of a batch", "[" + valid() + ","
        + with("comment", "\"" + dash(snr) + "\"").replace("proof-enhet-01", "proof-enhet-03") + "]",
        UNPROCESSABLE, "/1/comment"));
    cases.add(json("personnummer as the org unit id", valid().replace("proof-enhet-01", "19" + dash(pnr)),
        UNPROCESSABLE, "/orgUnit"));

    // batches: all or nothing, and bounded
    cases.add(json("batch with one bad item among good ones", "[" + valid() + ","
        + TEMPLATE.replace("VALUE", "140").replace("proof-enhet-01", "proof-enhet-03") + "]", UNPROCESSABLE,
        "/1/value"));
    cases.add(json("batch over http.maxBatchSize", batch(MAX_BATCH + 1), TOO_LARGE));
    cases.add(new Case("body over http.bodyLimitBytes", port -> RawHttp.send(port, post(valid().replace("}",
        ",\"comment\":\"" + "a".repeat(BODY_LIMIT) + "\"}"))), TOO_LARGE, null));
    cases.add(new Case("Content-Length announcing 100 MB", port -> RawHttp.send(port, authorised("POST", MEASUREMENTS)
        .header("Content-Type", "application/json").header("Content-Length", "100000000").noContentLength()
        .body(valid())), TOO_LARGE, null));
    cases.add(new Case("chunked body over the limit", port -> RawHttp.send(port, authorised("POST", MEASUREMENTS)
        .header("Content-Type", "application/json").header("Transfer-Encoding", "chunked").noContentLength()
        .body(chunked("[" + (valid() + ",").repeat(BODY_LIMIT / valid().length() + 10) + valid() + "]"))),
        TOO_LARGE, null));

    // encodings
    cases.add(bytes("invalid UTF-8 in the comment", valid().replace("}", ",\"comment\":\"x\u0001\"}"),
        new byte[] {(byte) 0xC3, 0x28}, "application/json", INVALID));
    cases.add(bytes("0xFF byte in the indicator", valid().replace("proof-andel", "proof-\u0001"),
        new byte[] {(byte) 0xFF}, "application/json", INVALID));
    cases.add(bytes("overlong UTF-8 encoding of '/'", valid().replace("}", ",\"comment\":\"..\u0001..\"}"),
        new byte[] {(byte) 0xC0, (byte) 0xAF}, "application/json", INVALID));
    cases.add(bytes("UTF-8-encoded lone surrogate", valid().replace("}", ",\"comment\":\"\u0001\"}"),
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "application/json", INVALID));
    cases.add(new Case("UTF-8 byte order mark before the JSON", port -> RawHttp.send(port, authorised("POST",
        MEASUREMENTS).header("Content-Type", "application/json").body(concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF}, valid().getBytes(StandardCharsets.UTF_8)))), BAD_REQUEST, null));
    cases.add(new Case("UTF-16 body declared as charset=utf-16", port -> RawHttp.send(port, authorised("POST",
        MEASUREMENTS).header("Content-Type", "application/json; charset=utf-16")
        .body(valid().getBytes(StandardCharsets.UTF_16))), Set.of(400, 415), null));
    cases.add(new Case("Latin-1 body declared as charset=iso-8859-1", port -> RawHttp.send(port, authorised("POST",
        MEASUREMENTS).header("Content-Type", "application/json; charset=iso-8859-1")
        .body(with("comment", "\"Åsa på äldreboendet\"").getBytes(StandardCharsets.ISO_8859_1))), Set.of(400, 415),
        null));

    // content types
    cases.add(contentType("no Content-Type", null));
    cases.add(contentType("text/plain", "text/plain"));
    cases.add(contentType("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"));
    cases.add(contentType("application/xml", "application/xml"));
    cases.add(contentType("application/jsonx", "application/jsonx"));
    cases.add(new Case("multipart/form-data with a file part", port -> RawHttp.send(port, authorised("POST",
        MEASUREMENTS).header("Content-Type", "multipart/form-data; boundary=XyZ").body("--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + valid() + "\r\n--XyZ--\r\n")), MEDIA_TYPE, null));

    // authentication
    cases.add(new Case("no Authorization header", port -> RawHttp.send(port, RawHttp.request("POST", MEASUREMENTS)
        .json(valid())), UNAUTHORIZED, null));
    cases.add(auth("Basic credentials", "Basic ZGV2OmRldg=="));
    cases.add(auth("Bearer without a key", "Bearer"));
    cases.add(auth("Bearer with a wrong key", "Bearer not-the-key"));
    cases.add(auth("Bearer with a 10 kB key", "Bearer " + "k".repeat(10_000)));
    cases.add(auth("the key without the Bearer scheme", ProofEnv.SOURCE_KEY));
    cases.add(auth("two keys in one header", ProofEnv.BEARER + ", Bearer other"));
    cases.add(auth("the admin key hash instead of the key",
        "Bearer d7275067567f8471ad3ac8fa715bae38f0f11d7609c0b1ed284946556a09fa49"));
    cases.add(new Case("key with non-ASCII bytes", port -> RawHttp.send(port, RawHttp.request("POST", MEASUREMENTS)
        .rawHeader("Authorization: Bearer nyckel-åäö".getBytes(StandardCharsets.UTF_8)).json(valid())),
        UNAUTHORIZED, null));

    // header abuse
    cases.add(new Case("one 20 kB header", port -> RawHttp.send(port, post(valid()).header("X-Padding",
        "p".repeat(20_000))), Set.of(400, 431), null));
    cases.add(new Case("3 000 headers", port -> {
      Request request = post(valid());
      for (int i = 0; i < 3000; i++) {
        request.header("X-H" + i, "v");
      }
      return RawHttp.send(port, request);
    }, Set.of(400, 431), null));
    cases.add(new Case("CR LF injected into a header value", port -> RawHttp.send(port, RawHttp.request("POST",
        MEASUREMENTS).rawHeader(("Authorization: Bearer x\r\nX-Injected: 1").getBytes(StandardCharsets.US_ASCII))
        .json(valid())), UNAUTHORIZED, null));
    cases.add(new Case("bare CR inside a header value", port -> RawHttp.send(port, post(valid())
        .rawHeader("X-Note: a\rb".getBytes(StandardCharsets.US_ASCII))), BAD_REQUEST, null));
    cases.add(new Case("NUL byte in a header value", port -> RawHttp.send(port, post(valid())
        .rawHeader("X-Note: a\0b".getBytes(StandardCharsets.US_ASCII))), BAD_REQUEST, null));
    cases.add(new Case("space inside a header name", port -> RawHttp.send(port, post(valid())
        .rawHeader("X Note: a".getBytes(StandardCharsets.US_ASCII))), BAD_REQUEST, null));
    cases.add(new Case("two different Content-Length headers", port -> RawHttp.send(port, authorised("POST",
        MEASUREMENTS).header("Content-Type", "application/json").header("Content-Length",
        Integer.toString(valid().length())).header("Content-Length", "5").noContentLength().body(valid())),
        BAD_REQUEST, null));
    cases.add(new Case("garbage request line", port -> RawHttp.send(port,
        "\u0016\u0003\u0001 garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)), BAD_REQUEST, null));
    cases.add(new Case("10 kB request target", port -> RawHttp.send(port, authorised("GET",
        "/api/v1/indicators/" + "x".repeat(10_000))), Set.of(400, 404, 414), null));

    // paths and ids
    cases.add(get("dot-dot segments out of the API", "/api/v1/../../../etc/passwd", NOT_FOUND));
    cases.add(get("percent-encoded dot-dot", "/api/v1/indicators/%2e%2e/%2e%2e/%2e%2e/etc/passwd", NOT_FOUND));
    cases.add(get("encoded slashes in an id", "/api/v1/indicators/..%2f..%2fconfig%2fapplication.yaml", NOT_FOUND));
    cases.add(get("backslash traversal", "/api/v1/indicators/..%5c..%5capplication.yaml", NOT_FOUND));
    cases.add(get("NUL in an id", "/api/v1/indicators/proof-andel%00.yaml", NOT_FOUND));
    cases.add(get("invalid UTF-8 percent-encoded in an id", "/api/v1/indicators/%ff%fe", NOT_FOUND));
    cases.add(get("unicode id", "/api/v1/indicators/%C3%A5%C3%A4%C3%B6-%F0%9F%98%80", NOT_FOUND));
    cases.add(get("7 kB id", "/api/v1/indicators/" + "x".repeat(7_000), NOT_FOUND));
    cases.add(get("alert id that is not a number", "/api/v1/alerts/abc", NOT_FOUND));
    cases.add(get("alert id beyond a long", "/api/v1/alerts/99999999999999999999999", NOT_FOUND));
    cases.add(get("negative alert id", "/api/v1/alerts/-1", NOT_FOUND));
    cases.add(new Case("acknowledging an alert that is no number", port -> RawHttp.send(port, RawHttp.request("POST",
        "/api/v1/alerts/1e9/acknowledge").header("Authorization", "Bearer " + ProofEnv.ADMIN_KEY)
        .json("{\"comment\":\"x\"}")), NOT_FOUND, null));
    cases.add(new Case("unknown HTTP method", port -> RawHttp.send(port, authorised("FROB", MEASUREMENTS)),
        Set.of(400, 404, 405), null));
    cases.add(new Case("PUT on the measurements collection", port -> RawHttp.send(port, authorised("PUT",
        MEASUREMENTS).json(valid())), Set.of(404, 405), null));
    cases.add(new Case("DELETE on the measurements collection", port -> RawHttp.send(port, authorised("DELETE",
        MEASUREMENTS)), Set.of(404, 405), null));

    // query parameters on GET endpoints
    cases.add(get("measurements with an unreadable from",
        "/api/v1/measurements?indicator=proof-andel&orgUnit=proof-enhet-01&from=yesterday", INVALID));
    cases.add(get("measurements with month 13 as to",
        "/api/v1/measurements?indicator=proof-andel&orgUnit=proof-enhet-01&to=2025-13", INVALID));
    cases.add(get("measurements with a NUL in indicator",
        "/api/v1/measurements?indicator=proof-andel%00&orgUnit=proof-enhet-01", Set.of(400, 404, 422)));
    cases.add(get("measurements of an unknown indicator",
        "/api/v1/measurements?indicator=" + "z".repeat(3000) + "&orgUnit=proof-enhet-01", Set.of(400, 404, 422)));
    cases.add(get("measurements with invalid UTF-8 in a parameter",
        "/api/v1/measurements?indicator=%ff%fe&orgUnit=proof-enhet-01", Set.of(400, 404, 422)));
    cases.add(get("alerts with an unknown state", "/api/v1/alerts?state=exploded", INVALID));
    cases.add(get("alerts with markup as severity", "/api/v1/alerts?severity=%3Cscript%3Ealert(1)%3C/script%3E",
        INVALID));
    cases.add(get("notifications with an unknown state", "/api/v1/notifications?state=%27%20OR%201=1--", INVALID));

    // Kolada import
    cases.add(new Case("Kolada import with broken JSON", port -> RawHttp.send(port, authorised("POST",
        "/api/v1/import/kolada").json("{\"values\":[{\"kpi\":")), BAD_REQUEST, null));
    cases.add(new Case("Kolada import where values is a string", port -> RawHttp.send(port, authorised("POST",
        "/api/v1/import/kolada").json("{\"values\":\"N00945\"}")), INVALID, null));
    cases.add(new Case("Kolada import as text/csv", port -> RawHttp.send(port, authorised("POST",
        "/api/v1/import/kolada").header("Content-Type", "text/csv").body("kpi;municipality\nN00945;0880\n")),
        MEDIA_TYPE, null));
    return cases.stream();
  }

  private static String valid() {
    return TEMPLATE.replace("VALUE", "85");
  }

  /** The one measurement this class stores, to show that the setup accepts good input. */
  private static String control() {
    return valid().replace("proof-enhet-01", "proof-enhet-02").replace("2025-03", "2025-01");
  }

  private static String with(String field, String rawJsonValue) {
    return valid().replace("}", ",\"" + field + "\":" + rawJsonValue + "}");
  }

  private static String kostnad(String rawValue) {
    return "{\"indicator\":\"proof-kostnad\",\"orgUnit\":\"proof-enhet-01\",\"period\":\"2024\",\"value\":"
        + rawValue + "}";
  }

  private static String antal(String rawValue) {
    return "{\"indicator\":\"proof-antal\",\"orgUnit\":\"proof-enhet-01\",\"period\":\"2025-Q1\",\"value\":"
        + rawValue + "}";
  }

  private static String dagar(String day, String rawValue) {
    return "{\"indicator\":\"proof-dagar\",\"orgUnit\":\"proof-enhet-01\",\"period\":\"" + day + "\",\"value\":"
        + rawValue + "}";
  }

  private static String dash(String tenDigits) {
    return tenDigits.substring(0, 6) + "-" + tenDigits.substring(6);
  }

  private static String unicodeEscaped(String text) {
    StringBuilder escaped = new StringBuilder();
    text.chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
    return escaped.toString();
  }

  private static String batch(int size) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ",").append(valid().replace("2025-03",
          LocalDate.of(2020, 1, 1).plusMonths(i).toString().substring(0, 7)));
    }
    return json.append(']').toString();
  }

  private static byte[] chunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int offset = 0; offset < bytes.length; offset += 8192) {
      int size = Math.min(8192, bytes.length - offset);
      out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, offset, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static Request authorised(String method, String target) {
    return RawHttp.request(method, target).header("Authorization", ProofEnv.BEARER);
  }

  private static Request post(String json) {
    return authorised("POST", MEASUREMENTS).json(json);
  }

  private static Case json(String name, String body, Set<Integer> expected) {
    return json(name, body, expected, (String) null);
  }

  private static Case json(String name, String body, Set<Integer> expected, String pointer) {
    return new Case(name, port -> RawHttp.send(port, post(body)), expected, pointer);
  }

  private static Case json(String name, String body, Set<Integer> expected,
      java.util.function.UnaryOperator<String> change) {
    return json(name, change.apply(body), expected);
  }

  /** A JSON body whose \u0001 placeholder is replaced by raw bytes that are not valid UTF-8. */
  private static Case bytes(String name, String template, byte[] raw, String contentType, Set<Integer> expected) {
    byte[] text = template.getBytes(StandardCharsets.UTF_8);
    int at = template.indexOf('\u0001');
    byte[] body = new byte[text.length - 1 + raw.length];
    System.arraycopy(text, 0, body, 0, at);
    System.arraycopy(raw, 0, body, at, raw.length);
    System.arraycopy(text, at + 1, body, at + raw.length, text.length - at - 1);
    return new Case(name, port -> RawHttp.send(port, authorised("POST", MEASUREMENTS)
        .header("Content-Type", contentType).body(body)), expected, null);
  }

  private static Case contentType(String name, String contentType) {
    return new Case("Content-Type: " + name, port -> {
      Request request = authorised("POST", MEASUREMENTS).body(valid());
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      return RawHttp.send(port, request);
    }, MEDIA_TYPE, null);
  }

  private static Case auth(String name, String authorization) {
    return new Case("Authorization: " + name, port -> RawHttp.send(port, RawHttp.request("POST", MEASUREMENTS)
        .header("Authorization", authorization).json(valid())), UNAUTHORIZED, null);
  }

  private static Case get(String name, String target, Set<Integer> expected) {
    return new Case(name, port -> RawHttp.send(port, RawHttp.request("GET", target)
        .header("Authorization", "Bearer " + ProofEnv.ADMIN_KEY)), expected, null);
  }

}
