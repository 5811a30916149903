package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.evaluation.Result;

class MetricsEndpointTest {
  @Test
  void theGzipPageUnpacksToTheSameTextAsThePlainPage() throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics metrics = new Metrics(registry);
    metrics.measurementsAccepted("created", 3);
    metrics.domain().publish(DomainSnapshot.of(
        List.of(DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT)), List.of(),
        java.util.Map.of(), java.util.Map.of(), DomainSnapshotTest.CATALOG, 10, java.time.Instant.now(), 0));
    MetricsEndpoint.Scope all = MetricsEndpoint.Scope.everything();
    String plain = new String(bytes(MetricsEndpoint.page(registry, metrics.domain(), all, false)),
        StandardCharsets.UTF_8);
    byte[] zipped = bytes(MetricsEndpoint.page(registry, metrics.domain(), all, true));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }
    assertThat(plain).contains("indikatorvakt_measurements_accepted_total{outcome=\"created\"} 3.0",
        DomainExposition.RESULT + "{gender=\"T\",indicator=\"vantetid\",kommun=\"0880\",org_unit=\"norr\"} 0");
  }

  @Test
  void theServicePartAndAKommunsPartTogetherHoldEachSampleOfTheWholePageOnce() throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics metrics = new Metrics(registry);
    metrics.domain().publish(DomainSnapshot.of(
        List.of(DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT),
            DomainSnapshotTest.reading("andel", "ljung", "T", Result.UPPFYLLT)), List.of(),
        java.util.Map.of(), java.util.Map.of(), DomainSnapshotTest.CATALOG, 10, java.time.Instant.now(), 0));
    String service = text(registry, metrics, MetricsEndpoint.Scope.serviceOnly());
    String kalmar = text(registry, metrics, MetricsEndpoint.Scope.ofKommun("0880"));
    String herrljunga = text(registry, metrics, MetricsEndpoint.Scope.ofKommun("1466"));
    assertThat(service).contains("indikatorvakt_measurements_accepted_total").contains(DomainExposition.REFRESHED).doesNotContain("kommun=");
    assertThat(kalmar).doesNotContain("indikatorvakt_measurements_accepted_total")
        .doesNotContain(DomainExposition.REFRESHED).doesNotContain("kommun=\"1466\"");
    java.util.Set<String> split = new java.util.TreeSet<>();
    for (String part : List.of(service, kalmar, herrljunga)) {
      part.lines().filter(line -> !line.startsWith("#")).map(MetricsEndpointTest::series).forEach(series ->
          assertThat(split.add(series)).as("exposed once: " + series).isTrue());
    }
    java.util.Set<String> whole = new java.util.TreeSet<>();
    text(registry, metrics, MetricsEndpoint.Scope.everything()).lines().filter(line -> !line.startsWith("#"))
        .map(MetricsEndpointTest::series).forEach(whole::add);
    assertThat(split).isEqualTo(whole);
  }

  private static String text(PrometheusMeterRegistry registry, Metrics metrics, MetricsEndpoint.Scope scope) {
    return new String(bytes(MetricsEndpoint.page(registry, metrics.domain(), scope, false)), StandardCharsets.UTF_8);
  }

  /** The answer's bytes as they go out: the part written per scrape, then the rest, of the length it states. */
  private static byte[] bytes(MetricsEndpoint.Page page) {
    try (InputStream rest = page.rest()) {
      byte[] all = page.head().appendBytes(rest.readAllBytes()).getBytes();
      assertThat(all).as("as long as its Content-Length says").hasSize((int) page.length());
      return all;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A sample without its value, which moves between scrapes for some JVM meters. */
  private static String series(String sample) {
    return sample.substring(0, sample.lastIndexOf(' '));
  }

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" -> gzip {1}")
  @CsvSource(delimiter = '|', value = {
      "gzip|true", "identity|false", "deflate, gzip;q=0.5|true", "gzip;q=0|false", "GZIP|true", "''|false"})
  void answersInGzipWhenTheClientAcceptsIt(String acceptEncoding, boolean gzip) {
    assertThat(MetricsEndpoint.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
  }
}
