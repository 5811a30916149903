package se.indikatorvakt.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The shipped Grafana files as Grafana reads them: dashboards, their panels' queries and variables, data sources. */
public final class GrafanaDashboards {
  static final Path DASHBOARDS = Path.of("grafana/dashboards");
  static final Path PROVISIONING = Path.of("grafana/provisioning");

  /**
   * A variable reference as Grafana's template service finds it: $name, ${name}, ${name:format},
   * ${name.path} and [[name]]. Names that Grafana does not know it leaves as they are, which is
   * what happens to PromQL's own $1 / ${1} (label_replace groups).
   */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:[.:][^}]*)?}|\\[\\[([A-Za-z0-9_]+)(?::[^\\]]*)?]]|\\$([A-Za-z0-9_]+)");
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

  public record Dashboard(Path file, JsonObject json) {
    String uid() {
      return json.getString("uid");
    }

    String title() {
      return json.getString("title");
    }

    List<JsonObject> panels() {
      List<JsonObject> panels = new ArrayList<>();
      collect(json.getJsonArray("panels", new JsonArray()), panels);
      return panels;
    }

    List<JsonObject> variables() {
      return objects(json.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray()));
    }

    private static void collect(JsonArray from, List<JsonObject> into) {
      for (JsonObject panel : objects(from)) {
        if ("row".equals(panel.getString("type"))) {
          collect(panel.getJsonArray("panels", new JsonArray()), into);
        } else {
          into.add(panel);
        }
      }
    }
  }

  /** One query of one panel: PromQL (expr) or SQL (rawSql), with the data source that runs it. */
  public record Query(Dashboard dashboard, JsonObject panel, JsonObject target, String datasourceUid) {
    public boolean promql() {
      return target.containsKey("expr");
    }

    public String text() {
      return promql() ? target.getString("expr") : target.getString("rawSql");
    }

    boolean instant() {
      return target.getBoolean("instant", false) && !target.getBoolean("range", false);
    }

    public String where() {
      return "'" + dashboard.title() + "' / panel '" + panel.getString("title") + "' / query "
          + target.getString("refId");
    }
  }

  private GrafanaDashboards() {}

  static List<Dashboard> dashboards() {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted()
          .map(file -> new Dashboard(file, new JsonObject(read(file)))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Dashboard dashboard : dashboards()) {
      for (JsonObject panel : dashboard.panels()) {
        String panelSource = uid(panel.getValue("datasource"));
        for (JsonObject target : objects(panel.getJsonArray("targets", new JsonArray()))) {
          String source = target.containsKey("datasource") ? uid(target.getValue("datasource")) : panelSource;
          queries.add(new Query(dashboard, panel, target, source));
        }
      }
    }
    return queries;
  }

  /** Data source uid to type, from every provisioning file under grafana/provisioning/datasources. */
  static Map<String, String> datasources() {
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> file : yamlFiles(PROVISIONING.resolve("datasources"))) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> sources = (List<Map<String, Object>>) file.get("datasources");
      sources.forEach(source -> types.put(String.valueOf(source.get("uid")), String.valueOf(source.get("type"))));
    }
    return types;
  }

  static List<Map<String, Object>> yamlFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Map<String, Object>> parsed = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
          .toList()) {
        parsed.add(new Yaml().load(read(file)));
      }
      return parsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uid(Object datasource) {
    if (datasource instanceof JsonObject ref) {
      return ref.getString("uid");
    }
    return datasource == null ? null : datasource.toString();
  }

  /** The names of the variables a text refers to, Grafana's own ($__...) and regex groups ($1) left out. */
  static Set<String> variablesUsed(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      String name = matcher.group(1) != null ? matcher.group(1)
          : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      if (!name.startsWith("__") && !name.chars().allMatch(Character::isDigit)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Replaces the dashboard's variables with the given values, as Grafana does before it sends a query. */
  static String substitute(String text, Map<String, String> values) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1) != null ? matcher.group(1)
          : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      String value = values.get(name);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Grafana's interval variables for a Prometheus data source whose scrape interval is 15 s:
   * $__rate_interval is at least four scrape intervals.
   */
  static String prometheusMacros(String expr, Map<String, String> variables) {
    Map<String, String> values = new LinkedHashMap<>(variables);
    values.put("__rate_interval", "1m");
    values.put("__interval", "15s");
    values.put("__range", "1h");
    String result = substitute(expr, values);
    if (result.contains("$__")) {
      throw new AssertionError("a Grafana variable the test does not know: " + result);
    }
    return result;
  }

  /** Grafana's PostgreSQL macros for the time range [from, to], then the dashboard's variables. */
  public static String sqlMacros(String sql, Instant from, Instant to, Map<String, String> variables) {
    String fromText = "'" + DateTimeFormatter.ISO_INSTANT.format(from.truncatedTo(ChronoUnit.SECONDS)) + "'";
    String toText = "'" + DateTimeFormatter.ISO_INSTANT.format(to.truncatedTo(ChronoUnit.SECONDS)) + "'";
    String expanded = TIME_FILTER.matcher(sql).replaceAll(match ->
        Matcher.quoteReplacement(match.group(1).trim() + " BETWEEN " + fromText + " AND " + toText))
        .replace("$__timeFrom()", fromText)
        .replace("$__timeTo()", toText);
    Map<String, String> values = new LinkedHashMap<>(variables);
    String result = substitute(expanded, values);
    if (result.contains("$__")) {
      throw new AssertionError("a Grafana macro the test does not know: " + result);
    }
    return result;
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    for (Object item : array) {
      objects.add((JsonObject) item);
    }
    return objects;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
