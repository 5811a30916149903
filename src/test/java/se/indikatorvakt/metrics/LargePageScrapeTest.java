package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.evaluation.Result;

/**
 * A page of megabytes over real HTTP: the text is unpacked from the kept gzip as the client takes it, in many pieces,
 * so what a scraper without gzip receives must be exactly the gzip answer's text, as long as its Content-Length says,
 * also when the client stops reading for a while; and other scrapes are answered meanwhile.
 */
class LargePageScrapeTest {
  private static final int UNITS = 1_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics metrics = new Metrics(registry);
    Map<String, CatalogView.UnitInfo> units = new LinkedHashMap<>();
    List<SeriesReading> readings = new ArrayList<>();
    Instant now = Instant.parse("2024-05-02T08:00:00Z");
    for (int u = 0; u < UNITS; u++) {
      String unit = "enhet-" + u;
      units.put(unit, new CatalogView.UnitInfo(unit, "Hemtjänst Åsen " + u, "enhet", "", "0880"));
      for (String gender : CatalogView.GENDERS) {
        readings.add(new SeriesReading("vantetid", unit, gender, u * 0.25, Result.values()[u % 4],
            OptionalDouble.of(90), OptionalDouble.empty(), now.minusSeconds(u)));
        readings.add(new SeriesReading("andel", unit, gender, u, Result.UPPFYLLT, OptionalDouble.of(75),
            OptionalDouble.of(70), now));
      }
    }
    CatalogView catalog = new CatalogView(
        Map.of("0880", new CatalogView.KommunInfo("0880", "Kalmar", Set.of("vantetid", "andel"))),
        Map.of("vantetid", new CatalogView.IndicatorInfo("vantetid", "Väntetid", "dagar", "tertial", List.of()),
            "andel", new CatalogView.IndicatorInfo("andel", "Andel nöjda", "procent", "year", List.of())),
        units, Map.of());
    metrics.domain().publish(DomainSnapshot.of(readings, List.of(), Map.of(), Map.of(), catalog, readings.size(), now,
        0));
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> MetricsEndpoint.serve(ctx, vertx, registry, metrics,
        MetricsEndpoint.Scope.everything()));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void thePlainAnswerIsTheGzipAnswerUnpackedAndAsLongAsItSays() throws Exception {
    HttpResponse<byte[]> plain = get(false);
    HttpResponse<byte[]> zipped = get(true);
    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(plain.headers().firstValueAsLong("content-length")).hasValue(plain.body().length);
    assertThat(zipped.headers().firstValueAsLong("content-length")).hasValue(zipped.body().length);
    String text = new String(plain.body(), StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(unzip(zipped.body()));
    assertThat(plain.body().length).as("several pieces of the page").isGreaterThan(2_000_000);
    assertThat(text.lines().filter(line -> line.startsWith(DomainExposition.VALUE + "{"))).hasSize(UNITS * 6);
    assertThat(text).contains(DomainExposition.UNIT_INFO + "{kommun=\"0880\",level=\"enhet\",org_unit=\"enhet-999\","
        + "org_unit_name=\"Hemtjänst Åsen 999\",parent=\"\"} 1\n");
  }

  @Test
  void aClientThatStopsReadingGetsTheWholePageLaterAndOthersAreAnsweredMeanwhile() throws Exception {
    String expected = new String(get(false).body(), StandardCharsets.UTF_8);
    try (Socket stalled = new Socket()) {
      // a small window, so that the page cannot all sit in the kernel's buffers while nobody reads
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream request = stalled.getOutputStream();
      request.write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      assertThat(new String(get(false).body(), StandardCharsets.UTF_8)).as("a scrape while one client stalls")
          .isEqualTo(expected);
      stalled.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      byte[] answer = stalled.getInputStream().readAllBytes();
      String response = new String(answer, StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n") + 4;
      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(response.substring(body)).isEqualTo(expected);
    }
  }

  private static HttpResponse<byte[]> get(boolean gzip) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  private static String unzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
