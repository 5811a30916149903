package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.RawHttp;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * Whatever a client makes up (methods, paths, query keys, header values, keys), on either port, the whole
 * /metrics exposition keeps the same series: a second round of new made-up values adds none.
 */
class MetricLabelsTest {
  private static final int REQUESTS_PER_ROUND = 20;


  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withDefaults();

  @Test
  void madeUpMethodsPathsQueryKeysAndHeaderValuesAddNoSeries() {
    madeUpRound("xyzzyone");
    scrape();
    Set<String> before = scrape();
    madeUpRound("xyzzytwo");
    Set<String> after = scrape();
    assertThat(after).as("series added by the second round").containsExactlyInAnyOrderElementsOf(before);
    assertThat(String.join("\n", after)).doesNotContain("xyzzy");
    assertThat(after.stream().filter(s -> s.startsWith("vertx_http_server_requests_total")))
        .as("every route label is a router template or unmatched")
        .allSatisfy(s -> assertThat(s).containsPattern("route=\"(unmatched|/[a-z0-9/:._-]*)\""))
        .noneMatch(s -> s.contains(">"));
  }

  @Test
  void aFailedRequestIsCountedUnderItsRouteTemplate() {
    new Http(SERVICE.apiPort()).postJson("/api/v1/measurements", "{}");
    assertThat(scrape()).anyMatch(s -> s.startsWith("vertx_http_server_requests_total{")
        && s.contains("code=\"401\"") && s.contains("method=\"POST\"") && s.contains("route=\"/api/v1/measurements\""));
  }

  private static void madeUpRound(String seed) {
    for (int port : new int[] {SERVICE.apiPort(), SERVICE.managementPort()}) {
      for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
        String made = seed + i;
        String method = "M" + made.toUpperCase(java.util.Locale.ROOT);
        for (String target : new String[] {"/api/v1/measurements", "/api/v1/" + made, "/" + made,
            "/api/v1/alerts/" + made + "?" + made + "=" + made, "/metrics?" + made + "=1",
            "/api/v1/indicators/" + made}) {
          RawHttp.send(port, RawHttp.request(method, target).header("X-" + made, made));
          RawHttp.send(port, RawHttp.request("GET", target).header("Authorization", "Bearer " + made)
              .header("Accept", made + "/" + made).header("User-Agent", made));
        }
      }
    }
  }

  /** Every sample's name and labels, without its value; a histogram's buckets are samples too. */
  private static Set<String> scrape() {
    String text = new Http(SERVICE.managementPort()).get("/metrics").body();
    return text.lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.substring(0, line.lastIndexOf(' ')))
        // the JVM names its collectors' pause causes itself, whenever a new kind of collection first happens
        .filter(series -> !series.startsWith("jvm_gc_pause"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
