package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.proof.RawHttp;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * A personnummer sent through every path, parameter, body field and header the API has is never repeated in any
 * answer (status line, headers, body), whatever the answer is; and text that is not text (a lone surrogate) is
 * refused at its field, never stored as '?'.
 */
class PersonnummerEchoTest {
  /** Skatteverket's test date 1912-12-12 with a valid check digit, in the ways people write it. */
  private static final List<String> NUMBERS = List.of("19121212-1212", "121212+1212");
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  private static final String ACK_SECRET = "dev-indikatorvakt-ack-secret-not-for-production";
  private static final String VALUE = "{\"indicator\":\"vantetid-daglig-verksamhet\",\"orgUnit\":\"daglig-verksamhet\","
      + "\"period\":\"2022-T1\",\"value\":134}";

  private static Http http;
  private static long alertId;
  private static String token;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    // every request must reach its handler: a 429 would hide what the handler answers
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "100000");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "100000");
  });

  @BeforeAll
  static void start() {
    http = SERVICE.api();
    assertThat(http.post("/api/v1/measurements", "application/json", VALUE, "Authorization", SOURCE).status())
        .isEqualTo(201);
    alertId = http.get("/api/v1/alerts", "Authorization", ADMIN).json().getJsonArray("items").getJsonObject(0)
        .getLong("id");
    token = new AckLinks("http://localhost", ACK_SECRET, Duration.ofDays(14), Clock.systemUTC())
        .token(alertId, "enhetschef@kommun.example");
  }

  @Test
  void noAnswerRepeatsAPersonnummerSentAnywhere() {
    List<String> leaks = new ArrayList<>();
    int sent = 0;
    for (String number : NUMBERS) {
      for (Exchange exchange : exchanges(number)) {
        RawHttp.Reply reply = RawHttp.send(exchange.port(), exchange.request());
        sent++;
        String answer = reply.status() + " " + reply.headers() + " " + reply.text();
        if (PersonalIdentityNumbers.containsAny(answer) || answer.contains(number)) {
          leaks.add(exchange.name() + " -> " + reply);
        }
        assertThat(reply.status()).as("%s answered %s", exchange.name(), reply).isBetween(200, 499);
      }
    }
    assertThat(sent).isGreaterThan(400);
    assertThat(leaks).as("answers that repeat the personnummer").isEmpty();
    String metrics = new Http(SERVICE.managementPort()).get("/metrics").body();
    assertThat(PersonalIdentityNumbers.containsAny(metrics)).as("a personnummer in /metrics").isFalse();
  }

  /** The three answers that repeated it before: the 404 problem, the Kolada answer and the refused comment's page. */
  @Test
  void theAnswersThatOnceRepeatedItNowMaskIt() {
    Http.Response unknown = http.get("/api/v1/indicators/19121212-1212", "Authorization", SOURCE);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).doesNotContain("1212121212").doesNotContain("19121212-1212");

    Http.Response kolada = http.post("/api/v1/import/kolada", "application/json", "{\"values\":[{\"kpi\":\"U28418\","
        + "\"municipality\":\"19121212-1212\",\"period\":\"2021\",\"values\":[{\"gender\":\"T\",\"value\":12}]}]}",
        "Authorization", SOURCE);
    assertThat(kolada.status()).isEqualTo(200);
    assertThat(kolada.json().getJsonArray("unmapped").getJsonObject(0).getString("municipality"))
        .isEqualTo("[personnummer]");

    Http.Response page = http.post("/api/v1/alerts/" + alertId + "/acknowledge", "application/x-www-form-urlencoded",
        "token=" + token + "&comment=" + form("Ringt 19121212-1212 om saken"), "Accept", "text/html");
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.body()).contains("Ringt [personnummer] om saken").doesNotContain("19121212-1212");
  }

  @Test
  void aLoneSurrogateIsRefusedAtItsFieldAndNothingIsStored() {
    Http.Response measurement = http.post("/api/v1/measurements", "application/json",
        VALUE.replace("}", ",\"comment\":\"bra \\ud800\"}").replace("2022-T1", "2022-T2"), "Authorization", SOURCE);
    assertThat(measurement.status()).as(measurement.body()).isEqualTo(422);
    assertThat(pointers(measurement)).containsExactly("/comment");
    assertThat(http.get("/api/v1/measurements/history?indicator=vantetid-daglig-verksamhet&orgUnit=daglig-verksamhet"
        + "&period=2022-T2", "Authorization", SOURCE).json().getJsonArray("revisions")).isEmpty();

    Http.Response acknowledgement = http.post("/api/v1/alerts/" + alertId + "/acknowledge", "application/json",
        "{\"comment\":\"vi \\udc00 tar det\"}", "Authorization", ADMIN);
    assertThat(acknowledgement.status()).as(acknowledgement.body()).isEqualTo(422);
    assertThat(pointers(acknowledgement)).containsExactly("/comment");
    assertThat(http.get("/api/v1/alerts/" + alertId, "Authorization", ADMIN).json().getValue("acknowledgement"))
        .isNull();

    Http.Response silence = http.post("/api/v1/silences", "application/json", "{\"indicator\":"
        + "\"vantetid-daglig-verksamhet\",\"reason\":\"\\ud800\",\"author\":\"IT\",\"endsAt\":\"2999-01-01T00:00:00Z\"}",
        "Authorization", ADMIN);
    assertThat(silence.status()).as(silence.body()).isEqualTo(422);
    assertThat(pointers(silence)).containsExactly("/reason");
    assertThat(http.get("/api/v1/silences?state=all", "Authorization", ADMIN).json().getInteger("count")).isZero();
  }

  private record Exchange(String name, int port, RawHttp.Request request) {}

  /** Every way the number can reach the service: path segments, query values and names, body fields, headers. */
  private static List<Exchange> exchanges(String number) {
    String q = URLEncoder.encode(number, StandardCharsets.UTF_8);
    int api = SERVICE.apiPort();
    List<Exchange> out = new ArrayList<>();
    for (String path : List.of("/api/v1/indicators/%s", "/api/v1/alerts/%s", "/api/v1/alerts/%s/acknowledge",
        "/api/v1/notifications/%s", "/api/v1/measurements/%s", "/api/v1/%s", "/%s", "/api/v1/silences/%s")) {
      String target = path.formatted(q);
      for (String key : new String[] {null, SOURCE, ADMIN}) {
        for (String method : List.of("GET", "DELETE")) {
          RawHttp.Request request = RawHttp.request(method, target).header("Accept", "text/html");
          out.add(new Exchange(method + " " + target + " " + key, api, key == null ? request
              : request.header("Authorization", key)));
        }
      }
    }
    List<String> queries = new ArrayList<>();
    for (String name : List.of("indicator", "orgUnit", "gender", "from", "to", "limit", "after", "period", "state",
        "severity", "before", "cursor", "token", q)) {
      queries.add(name + "=" + q);
    }
    for (String path : List.of("/api/v1/measurements", "/api/v1/measurements/history", "/api/v1/alerts",
        "/api/v1/status", "/api/v1/silences", "/api/v1/notifications", "/api/v1/indicators", "/api/v1/organisation",
        "/api/v1/alerts/" + alertId + "/acknowledge")) {
      for (String query : queries) {
        out.add(new Exchange("GET " + path + "?" + query, api, RawHttp.request("GET", path + "?" + query
            .replace("token=" + q, "token=" + token + "&x=" + q)).header("Authorization", ADMIN)));
      }
      out.add(new Exchange("GET " + path + "?limit=1&" + q + "=1", api,
          RawHttp.request("GET", path + "?limit=1&" + q + "=1").header("Authorization", ADMIN)));
    }
    JsonObject base = new JsonObject(VALUE);
    for (String field : List.of("indicator", "orgUnit", "period", "value", "gender", "observedAt", "comment",
        "source", number)) {
      String one = base.copy().put(field, number).encode();
      out.add(post("measurement " + field, "/api/v1/measurements", one, SOURCE));
      out.add(post("measurement batch " + field, "/api/v1/measurements", "[" + VALUE + "," + one + "]", SOURCE));
    }
    for (String field : List.of("kpi", "municipality", "period", "gender", "value", number)) {
      JsonObject item = new JsonObject().put("kpi", "U28418").put("municipality", "0880").put("period", "2021")
          .put("values", new io.vertx.core.json.JsonArray().add(new JsonObject().put("gender", "T").put("value", 12)));
      if (field.equals("gender") || field.equals("value")) {
        item.getJsonArray("values").getJsonObject(0).put(field, number);
      } else {
        item.put(field, number);
      }
      out.add(post("kolada " + field, "/api/v1/import/kolada",
          new JsonObject().put("values", new io.vertx.core.json.JsonArray().add(item)).encode(), SOURCE));
    }
    JsonObject silence = new JsonObject().put("indicator", "vantetid-daglig-verksamhet").put("reason", "underhåll")
        .put("author", "IT").put("endsAt", "2999-01-01T00:00:00Z");
    for (String field : List.of("indicator", "orgUnit", "gender", "reason", "author", "startsAt", "endsAt", number)) {
      out.add(post("silence " + field, "/api/v1/silences", silence.copy().put(field, number).encode(), ADMIN));
    }
    String ack = "/api/v1/alerts/" + alertId + "/acknowledge";
    out.add(post("acknowledge comment", ack, new JsonObject().put("comment", number).encode(), ADMIN));
    out.add(post("acknowledge token", ack, new JsonObject().put("token", number).encode(), null));
    out.add(post("acknowledge comment by link", ack, new JsonObject().put("token", token).put("comment", number)
        .encode(), null));
    for (String form : List.of("token=" + token + "&comment=" + q, "token=" + q + "&comment=x", q + "=" + q)) {
      out.add(new Exchange("acknowledge form " + form, api, RawHttp.request("POST", ack)
          .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html").body(form)));
    }
    for (String header : List.of("Authorization: Bearer " + number, "Content-Type: application/" + q,
        "Accept: " + number, "X-Request-Id: " + number, "Cookie: id=" + number, "Content-Type: application/json; "
            + "charset=" + number)) {
      String[] parts = header.split(": ", 2);
      out.add(new Exchange("header " + header, api, RawHttp.request("POST", "/api/v1/measurements")
          .header(parts[0], parts[1]).header("Authorization", SOURCE).json(VALUE)));
      out.add(new Exchange("header on management " + header, SERVICE.managementPort(),
          RawHttp.request("GET", "/metrics?" + q + "=" + q).header(parts[0], parts[1])));
    }
    out.add(new Exchange("management path", SERVICE.managementPort(), RawHttp.request("GET", "/health/" + q)));
    return out;
  }

  private static Exchange post(String name, String path, String json, String key) {
    RawHttp.Request request = RawHttp.request("POST", path).json(json);
    return new Exchange(name, SERVICE.apiPort(), key == null ? request : request.header("Authorization", key));
  }

  private static List<String> pointers(Http.Response response) {
    return response.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")).toList();
  }

  private static String form(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
