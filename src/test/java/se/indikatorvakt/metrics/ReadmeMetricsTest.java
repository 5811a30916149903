package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * The README's metrics table is what an operator builds alerts and panels from: it names exactly the service's own
 * metrics a real scrape shows, with their types, their labels and every value of a label with a fixed set.
 */
class ReadmeMetricsTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern SAMPLE = Pattern.compile("^(indikatorvakt_[a-z0-9_]+)(\\{(.*)\\})? \\S+$");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static String scrape;

  /** A documented metric: its type and, per label, the values the README lists (empty: values not a fixed set). */
  record Documented(String type, Map<String, Set<String>> labels) {}

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withDefaults();

  @BeforeAll
  static void scrape() {
    Http api = SERVICE.api();
    Http.Response stored = api.postJson("/api/v1/measurements", new JsonObject().put("indicator",
        "vantetid-daglig-verksamhet").put("orgUnit", "daglig-verksamhet").put("gender", "T").put("period", "2022-T1")
        .put("value", 134), "Authorization", "Bearer dev-indikatorvakt-local-key");
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    Http.Response refused = api.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "finns-inte").put("orgUnit", "daglig-verksamhet").put("period", "2022-T1").put("value", 1),
        "Authorization", "Bearer dev-indikatorvakt-local-key");
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    Http management = new Http(SERVICE.managementPort());
    Http.await("the stored value on /metrics", Duration.ofSeconds(5),
        () -> management.get("/metrics").body().contains(DomainExposition.VALUE + "{"));
    scrape = management.get("/metrics").body();
  }

  private static Map<String, Documented> readmeTable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("| metric | type | labels | what it says |");
    assertThat(start).as("the metrics table in README.md").isPositive();
    Map<String, Documented> table = new LinkedHashMap<>();
    for (String row : readme.substring(start).split("\n\n", 2)[0].lines().skip(2).toList()) {
      String[] cells = row.split("\\|");
      Matcher name = CODE.matcher(cells[1]);
      assertThat(name.find()).as(row).isTrue();
      Map<String, Set<String>> labels = new TreeMap<>();
      if (!cells[3].isBlank() && !cells[3].strip().equals("–")) {
        for (String label : cells[3].split(";")) {
          String[] nameAndValues = label.split(":", 2);
          Matcher labelName = CODE.matcher(nameAndValues[0]);
          assertThat(labelName.find()).as(row).isTrue();
          Set<String> values = new TreeSet<>();
          if (nameAndValues.length > 1) {
            Matcher value = CODE.matcher(nameAndValues[1]);
            while (value.find()) {
              values.add(value.group(1));
            }
          }
          labels.put(labelName.group(1), values);
        }
      }
      table.put(name.group(1), new Documented(cells[2].strip().split(" ")[0], labels));
    }
    return table;
  }

  /** Per sample name of ours, per label, the values seen. */
  private static Map<String, Map<String, Set<String>>> scraped() {
    Map<String, Map<String, Set<String>>> samples = new TreeMap<>();
    for (String line : scrape.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        continue;
      }
      Map<String, Set<String>> labels = samples.computeIfAbsent(family(sample.group(1)), n -> new TreeMap<>());
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.computeIfAbsent(label.group(1), n -> new TreeSet<>()).add(label.group(2));
        }
      }
    }
    return samples;
  }

  /** A summary's _count and _sum samples belong to the summary's row. */
  private static String family(String sample) {
    return sample.replaceFirst("_seconds_(count|sum)$", "_seconds");
  }

  private static Map<String, String> types() {
    Map<String, String> types = new TreeMap<>();
    scrape.lines().filter(line -> line.startsWith("# TYPE indikatorvakt_")).forEach(line -> {
      String[] parts = line.split(" ");
      types.put(parts[2], parts[3]);
    });
    return types;
  }

  @Test
  void everyMetricOfOursOnTheScrapeIsInTheReadmeAndNothingElse() throws IOException {
    assertThat(readmeTable().keySet()).containsExactlyInAnyOrderElementsOf(scraped().keySet());
  }

  @Test
  void typesAndLabelsAreTheOnesTheServiceExposes() throws IOException {
    Map<String, Map<String, Set<String>>> scraped = scraped();
    Map<String, String> types = types();
    List<String> wrong = new ArrayList<>();
    readmeTable().forEach((name, documented) -> {
      Map<String, Set<String>> labels = scraped.getOrDefault(name, Map.of());
      if (!documented.type().equals(types.get(name))) {
        wrong.add(name + ": type " + documented.type() + " in the README, " + types.get(name) + " on /metrics");
      }
      if (!documented.labels().keySet().equals(labels.keySet())) {
        wrong.add(name + ": labels " + documented.labels().keySet() + " in the README, " + labels.keySet()
            + " on /metrics");
      }
      documented.labels().forEach((label, values) -> {
        Set<String> seen = labels.getOrDefault(label, Set.of());
        if (!values.isEmpty() && !values.containsAll(seen)) {
          wrong.add(name + ": " + label + " values " + values + " in the README, " + seen + " on /metrics");
        }
        if (!values.isEmpty() && documented.type().equals("counter") && !seen.containsAll(values)) {
          wrong.add(name + ": " + label + " values " + values + " in the README, only " + seen
              + " created at start on /metrics");
        }
      });
    });
    assertThat(wrong).isEmpty();
  }
}
