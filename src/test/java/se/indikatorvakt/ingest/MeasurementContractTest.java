package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.http.ApiContract;
import se.indikatorvakt.http.api.measurements.IngestApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.SecuritySettings;
import se.indikatorvakt.text.StrictJson;

/**
 * openapi.yaml says exactly what the service accepts: the Measurement schema and MeasurementValidator
 * agree on every structural rule, and every ingest route is an operation of the document.
 */
class MeasurementContractTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static Vertx vertx;
  private static ApiContract contract;
  private static Validator schema;
  private static Catalog catalog;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    contract = ApiContract.load(vertx).await(30, TimeUnit.SECONDS);
    Operation post = contract.openApi().operation("postMeasurements");
    JsonSchema body = post.getRequestBody().getContent().get("application/json").getSchema();
    schema = contract.openApi().getSchemaRepository().validator(body);
    catalog = IngestTestData.shippedCatalog();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static final String VALID = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
      + "\"period\":\"2021-T1\",\"value\":20";

  private static String with(String extra) {
    return VALID + extra + "}";
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("the smallest valid measurement", with(""), true),
        Arguments.of("every optional field", with(",\"gender\":\"T\",\"observedAt\":\"2021-05-02T08:30:00+02:00\","
            + "\"comment\":\"Rättad\",\"source\":\"Tertialrapport rad 12\""), true),
        Arguments.of("a batch", "[" + with("") + "," + with("").replace("2021-T1", "2021-T2") + "]", true),
        Arguments.of("an empty batch", "[]", false),
        Arguments.of("an unknown field", with(",\"vaule\":1"), false),
        Arguments.of("no value", VALID.replace(",\"value\":20", "") + "}", false),
        Arguments.of("no period", with("").replace("\"period\":\"2021-T1\",", ""), false),
        Arguments.of("value as a string", VALID.replace(":20", ":\"20\"") + "}", false),
        Arguments.of("value null", VALID.replace(":20", ":null") + "}", false),
        Arguments.of("gender X", with(",\"gender\":\"X\""), false),
        Arguments.of("gender null", with(",\"gender\":null"), false),
        Arguments.of("period that matches no notation", with("").replace("2021-T1", "2021-T4"), false),
        Arguments.of("period with a trailing space", with("").replace("2021-T1", "2021-T1 "), false),
        Arguments.of("indicator with capitals", with("").replace("tid-till", "Tid-till"), false),
        Arguments.of("comment a number", with(",\"comment\":1"), false),
        Arguments.of("comment of 1001 characters", with(",\"comment\":\"" + "x".repeat(1001) + "\""), false),
        Arguments.of("source of 501 characters", with(",\"source\":\"" + "x".repeat(501) + "\""), false),
        Arguments.of("a string instead of an object", "\"x\"", false),
        Arguments.of("an array of numbers", "[1]", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void theSchemaAndTheValidatorAgree(String name, String json, boolean valid) {
    Object parsed = StrictJson.parse(json.getBytes(StandardCharsets.UTF_8));
    boolean byValidator = new MeasurementValidator(catalog, NOW, 10_000).validate(parsed).valid();
    Object vertxJson = parsed instanceof Map<?, ?> ? new JsonObject(json) : parsed instanceof List<?>
        ? new JsonArray(json) : parsed;
    boolean bySchema = schema.validate(vertxJson).getValid();
    assertThat(byValidator).as("MeasurementValidator").isEqualTo(valid);
    assertThat(bySchema).as("the schema in openapi.yaml").isEqualTo(valid);
  }

  @Test
  void everyIngestRouteIsAnOperationOfTheDocument() {
    Router api = Router.router(vertx);
    Authentication auth = new Authentication(new SecuritySettings(List.of(),
        new SecuritySettings.RateLimit(1, 1)));
    new IngestApi(vertx, null, null, null, auth, null, null, 1).mount(api);
    contract.serve(api);
    assertThat(api.getRoutes()).hasSizeGreaterThan(4);
    assertThat(contract.undocumented(api)).isEmpty();
  }
}
