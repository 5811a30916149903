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
        java.util.Map.of(), Optional.empty(), DomainSnapshotTest.CATALOG, 10, java.time.Instant.now(), 0));
    String plain = MetricsEndpoint.page(registry, metrics.domain(), false).toString(StandardCharsets.UTF_8);
    byte[] zipped = MetricsEndpoint.page(registry, metrics.domain(), true).getBytes();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }
    assertThat(plain).contains("indikatorvakt_measurements_accepted_total{outcome=\"created\"} 3.0",
        DomainExposition.RESULT + "{gender=\"T\",indicator=\"vantetid\",org_unit=\"norr\"} 0");
  }

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" -> gzip {1}")
  @CsvSource(delimiter = '|', value = {
      "gzip|true", "identity|false", "deflate, gzip;q=0.5|true", "gzip;q=0|false", "GZIP|true", "''|false"})
  void answersInGzipWhenTheClientAcceptsIt(String acceptEncoding, boolean gzip) {
    assertThat(MetricsEndpoint.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
  }
}
