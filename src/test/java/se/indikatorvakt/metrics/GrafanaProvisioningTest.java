package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Grafana cannot be installed from the registries this machine reaches, so the dashboards are proven
 * by their queries (DashboardQueriesTest) and here by their structure: what Grafana would refuse or
 * show as an error panel (an unknown data source, an undefined variable) fails the build instead.
 */
class GrafanaProvisioningTest {
  private static final Set<String> TITLES =
      Set.of("Måluppfyllelse – översikt", "Indikator mot målvärde", "Larm", "Tjänstens hälsa");

  @Test
  void shipsTheFourSwedishDashboardsWithUniqueUids() {
    List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.dashboards();
    assertThat(dashboards).extracting(GrafanaDashboards.Dashboard::title).containsExactlyInAnyOrderElementsOf(TITLES);
    assertThat(dashboards).extracting(GrafanaDashboards.Dashboard::uid).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(dashboards).allSatisfy(d -> assertThat(d.json().getValue("id")).as(d.title() + " id").isNull());
  }

  @Test
  void emailLinksOpenTheIndicatorDashboardWithItsFourVariables() {
    GrafanaDashboards.Dashboard indicator = GrafanaDashboards.dashboards().stream()
        .filter(d -> d.uid().equals("indikator-mot-malvarde")).findFirst().orElseThrow();
    assertThat(indicator.title()).isEqualTo("Indikator mot målvärde");
    assertThat(indicator.variables()).extracting(v -> v.getString("name"))
        .containsExactly("kommun", "indikator", "enhet", "kon");
  }

  @Test
  void everyDashboardShowsOneKommunAtATimeChosenByItsName() {
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      JsonObject kommun = dashboard.variables().get(0);
      assertThat(kommun.getString("name")).as(dashboard.title() + ": the first variable").isEqualTo("kommun");
      assertThat(kommun.getString("label")).isEqualTo("Kommun");
      assertThat(kommun.getBoolean("multi", false)).as(dashboard.title() + ": one kommun at a time").isFalse();
      assertThat(kommun.getBoolean("includeAll", false)).as(dashboard.title() + ": no \"alla\"").isFalse();
      assertThat(kommun.getJsonObject("query").getString("query")).contains(DomainExposition.KOMMUN_INFO);
      assertThat(dashboard.json().getJsonArray("links").getJsonObject(0).getBoolean("includeVars"))
          .as(dashboard.title() + ": the links to the other dashboards keep the kommun").isTrue();
    }
  }

  /**
   * Every selector of a domain family (they all carry the kommun label) filters by the chosen kommun, in panels
   * and in the other variables' queries; on the leaders' dashboards every Prometheus query does, and every
   * PostgreSQL panel filters the kommun column of its grafana_* view. Only the service
   * health dashboard has panels of the process, which belongs to no kommun.
   */
  @Test
  void everyQueryOfADomainSeriesFiltersByTheChosenKommun() {
    Pattern selector = Pattern.compile("\\b(indikatorvakt_(?:indicator_[a-z_]+|goal_[a-z_]+|org_unit_info|alerts_[a-z_]+|targets_missing"
        + "|outbox_[a-z_]+|kommun_info))\\b(\\{[^}]*})?");
    List<String> unfiltered = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (GrafanaDashboards.Query query : GrafanaDashboards.queries()) {
      if (!query.promql() && !query.text().contains("kommun = '$kommun'")) {
        unfiltered.add(query.where() + ": the view's kommun column is not filtered: " + query.text());
      }
      if (query.promql()) {
        texts.add(query.where() + ": " + query.text());
        if (!query.dashboard().uid().equals("tjanstens-halsa") && !query.text().contains("kommun=\"$kommun\"")) {
          unfiltered.add(query.where() + ": " + query.text());
        }
      }
    }
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      dashboard.variables().stream().skip(1).filter(v -> "query".equals(v.getString("type")))
          .forEach(v -> texts.add(dashboard.title() + " $" + v.getString("name") + ": "
              + v.getJsonObject("query").getString("query")));
    }
    int selectors = 0;
    for (String text : texts) {
      java.util.regex.Matcher found = selector.matcher(text);
      while (found.find()) {
        selectors++;
        if (found.group(2) == null || !found.group(2).contains("kommun=\"$kommun\"")) {
          unfiltered.add(text + " -> " + found.group());
        }
      }
    }
    assertThat(selectors).isGreaterThan(40);
    assertThat(unfiltered).isEmpty();
  }

  @Test
  void provisioningDefinesBothDataSourcesWithFixedUidsAndLoadsTheDashboardFolder() {
    assertThat(GrafanaDashboards.datasources()).containsEntry("indikatorvakt-prometheus", "prometheus")
        .containsEntry("indikatorvakt-postgresql", "postgres");
    List<Map<String, Object>> providers = GrafanaDashboards.yamlFiles(GrafanaDashboards.PROVISIONING.resolve("dashboards"));
    assertThat(providers).isNotEmpty().allSatisfy(file -> {
      assertThat(file).containsEntry("apiVersion", 1);
      assertThat(file.get("providers")).asList().isNotEmpty();
    });
  }

  @Test
  void everyPanelAndVariableUsesAProvisionedDataSourceOfTheRightKind() {
    Map<String, String> sources = GrafanaDashboards.datasources();
    List<String> problems = new ArrayList<>();
    for (GrafanaDashboards.Query query : GrafanaDashboards.queries()) {
      String type = sources.get(query.datasourceUid());
      if (type == null) {
        problems.add(query.where() + ": data source '" + query.datasourceUid() + "' is not provisioned");
      } else if (query.promql() != type.equals("prometheus")) {
        problems.add(query.where() + ": " + (query.promql() ? "PromQL" : "SQL") + " on a " + type + " data source");
      } else if (query.text() == null || query.text().isBlank()) {
        problems.add(query.where() + ": empty query");
      }
    }
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      for (JsonObject variable : dashboard.variables()) {
        if ("query".equals(variable.getString("type"))
            && !sources.containsKey(GrafanaDashboards.uid(variable.getValue("datasource")))) {
          problems.add(dashboard.title() + " variable " + variable.getString("name") + ": data source not provisioned");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyVariableAQueryTitleOrLinkUsesIsDefinedOnItsDashboard() {
    List<String> problems = new ArrayList<>();
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      Set<String> defined = new HashSet<>();
      dashboard.variables().forEach(v -> defined.add(v.getString("name")));
      List<String> texts = new ArrayList<>();
      for (JsonObject panel : dashboard.panels()) {
        texts.add(panel.getString("title"));
        texts.add(panel.encode());
      }
      for (JsonObject variable : dashboard.variables()) {
        texts.add(variable.getValue("query") == null ? "" : variable.getValue("query").toString());
      }
      texts.add(dashboard.json().getJsonArray("links", new JsonArray()).encode());
      for (String text : texts) {
        for (String used : GrafanaDashboards.variablesUsed(text)) {
          if (!defined.contains(used)) {
            problems.add(dashboard.title() + ": $" + used + " is not defined");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyPanelAsksOneQuestionInSwedishAndHasATitle() {
    Pattern question = Pattern.compile("^[A-ZÅÄÖ][^?]*\\?$");
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      assertThat(dashboard.panels()).as(dashboard.title()).isNotEmpty().allSatisfy(panel -> {
        assertThat(panel.getString("title")).as("panel title").isNotBlank();
        assertThat(panel.getString("description")).as(dashboard.title() + " / " + panel.getString("title"))
            .matches(question);
        assertThat(panel.getJsonArray("targets")).as("queries").isNotEmpty();
      });
    }
  }

  @Test
  void resultCodesAreColouredGreenYellowRedAndGreyInSwedish() {
    String overview = GrafanaDashboards.dashboards().stream().filter(d -> d.uid().equals("maluppfyllelse-oversikt"))
        .findFirst().orElseThrow().json().encode();
    assertThat(overview).contains("\"2\":{\"text\":\"uppfyllt\",\"color\":\"green\"",
        "\"1\":{\"text\":\"delvis uppfyllt\",\"color\":\"yellow\"", "\"0\":{\"text\":\"ej uppfyllt\",\"color\":\"red\"",
        "\"-1\":{\"text\":\"inget mål\"");
  }

  @Test
  void panelsFitTheGridWithoutOverlapping() {
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      Set<String> cells = new HashSet<>();
      for (JsonObject panel : dashboard.panels()) {
        JsonObject grid = panel.getJsonObject("gridPos");
        int x = grid.getInteger("x");
        int y = grid.getInteger("y");
        assertThat(x + grid.getInteger("w")).as(dashboard.title() + " / " + panel.getString("title")).isLessThanOrEqualTo(24);
        for (int cx = x; cx < x + grid.getInteger("w"); cx++) {
          for (int cy = y; cy < y + grid.getInteger("h"); cy++) {
            assertThat(cells.add(cx + ":" + cy)).as(dashboard.title() + " / " + panel.getString("title") + " overlaps")
                .isTrue();
          }
        }
      }
    }
  }
}
