package se.indikatorvakt.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.TargetRule;

/** The benchmark's many-kommun installation is one the real loader accepts, with each kommun kept to itself. */
class GeneratedInstallationTest {
  private static final AlertingPolicy DEFAULTS = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
      Duration.ofDays(3), Duration.ofDays(15));
  private static final Set<String> REAL = Set.of("0880", "0484", "1466", "1381");
  /** Every shipped kommun once, and the first again: a copy of a copied source must not collide with the first. */
  private static final int KOMMUNER = 6;

  @Test
  void manyKommunerOfThirtyUnitsLoadAndStayApart(@TempDir Path dir) {
    List<GeneratedInstallation.Generated> generated = GeneratedInstallation.write(dir, KOMMUNER, 30);

    CatalogLoader.Result result = CatalogLoader.load(dir, DEFAULTS);
    assertThat(result.problems()).isEmpty();
    Catalog catalog = result.catalog();
    Catalog shipped = CatalogLoader.load(GeneratedInstallation.SHIPPED, DEFAULTS).catalog();

    List<String> codes = catalog.kommuner().stream().map(Kommun::code).toList();
    assertThat(codes).hasSize(KOMMUNER).doesNotHaveDuplicates().noneMatch(REAL::contains)
        .containsExactlyElementsOf(generated.stream().map(GeneratedInstallation.Generated::code).toList());
    assertThat(catalog.kommuner()).extracting(Kommun::name).contains("Genererad kommun 0001", "Genererad kommun 0006");

    for (GeneratedInstallation.Generated g : generated) {
      Kommun kommun = catalog.kommun(g.code()).orElseThrow();
      List<OrgUnit> units = kommun.organisation().units();
      assertThat(units).as("units of %s", g.code()).hasSize(30)
          .allSatisfy(unit -> assertThat(unit.id()).startsWith(g.prefix()));
      assertThat(units).allSatisfy(unit -> assertThat(catalog.kommunOf(unit.id())).contains(kommun));
      assertThat(kommun.rootUnit()).isEqualTo(g.rootUnit());
      assertThat(units.stream().flatMap(unit -> unit.managers().stream()))
          .allSatisfy(manager -> assertThat(manager.email()).endsWith("@genererad-" + g.prefix().substring(1, 5) + ".example"));

      for (Indicator indicator : kommun.indicators()) {
        for (TargetRule rule : indicator.targets()) {
          assertThat(catalog.kommunOf(kommun.unitOf(rule))).as("kommun of a target of %s in %s", indicator.id(),
              g.code()).contains(kommun);
        }
      }

      Kommun source = shipped.kommun(g.source().substring(0, 4)).orElseThrow();
      assertThat(targetsById(kommun, g.prefix())).as("%s copies the indicators and målvärden of %s", g.code(),
          g.source()).isEqualTo(targetsById(source, ""));
      assertThat(kommun.goals()).hasSameSizeAs(source.goals())
          .allSatisfy(goal -> assertThat(goal.id()).startsWith(g.prefix()));
    }
  }

  /** Each indicator of the kommun, its own ones without the generated prefix, with the number of its målvärden. */
  private static Map<String, Integer> targetsById(Kommun kommun, String prefix) {
    return kommun.indicators().stream().collect(Collectors.toMap(
        indicator -> indicator.id().startsWith(prefix) ? indicator.id().substring(prefix.length()) : indicator.id(),
        indicator -> indicator.targets().size()));
  }
}
