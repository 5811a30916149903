package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpLabelsTest {
  @ParameterizedTest(name = "route \"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/v1/>/api/v1/>/api/v1/>/api/v1/>/openapi.yaml | /api/v1/openapi.yaml",
      "/api/v1/>/api/v1/>/api/v1/>/api/v1/>/measurements>/api/v1/ | /api/v1/measurements",
      "/api/v1/>/api/v1/>/api/v1/>/api/v1/>/alerts/:id | /api/v1/alerts/:id",
      "/api/v1/>/api/v1/>/api/v1/>/api/v1/ | unmatched",
      "/api/v1/ | unmatched",
      "/metrics | /metrics",
      "'' | unmatched",
  })
  void theRouteIsTheTemplateOfTheHandlingRoute(String label, String expected) {
    assertThat(HttpLabels.route(label)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "method {0} -> {1}")
  @CsvSource({"GET, GET", "POST, POST", "DELETE, DELETE", "OTHER, other", "FOO, other", "get, other"})
  void onlyStandardMethodsKeepTheirName(String method, String expected) {
    assertThat(HttpLabels.method(method)).isEqualTo(expected);
  }
}
