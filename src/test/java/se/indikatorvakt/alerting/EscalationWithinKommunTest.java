package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.support.ShippedConfig;

/**
 * In an installation of several kommuner an unacknowledged critical alert climbs its own kommun's organisation and
 * stops at that kommun's top: Provby's socialchef is reminded, nobody of Kalmar (whose units come first in the
 * installation's organisation) is ever addressed.
 */
class EscalationWithinKommunTest {
  private static final Instant NOW = Instant.parse("2022-10-20T08:00:00Z");
  private static final AlertingPolicy POLICY = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(1),
      Duration.ofDays(1), Duration.ofDays(2));

  @Test
  void anEscalationStopsAtTheTopOfItsOwnKommun() {
    Catalog catalog = withProvby();
    List<OrgUnit> chain = catalog.organisation().chainUpwards("provby-hemtjanst");
    assertThat(chain).extracting(unit -> catalog.kommunOf(unit.id()).map(Kommun::code).orElseThrow())
        .containsOnly("9999");
    LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    Instant told = NOW.minus(Duration.ofDays(10));

    EscalationPolicy.Action fromUnit = EscalationPolicy.decide(situation(0, told, Optional.empty()), chain, POLICY,
        today, NOW);
    EscalationPolicy.Action atTop = EscalationPolicy.decide(situation(1, told, Optional.of(told.plusSeconds(86_400))),
        chain, POLICY, today, NOW);

    assertThat(fromUnit).isInstanceOfSatisfying(EscalationPolicy.Escalation.class,
        escalation -> assertThat(escalation.to().email()).isEqualTo("socialchef@provby.example"));
    assertThat(atTop).as("no unit above Provby's förvaltning, whatever the installation holds")
        .isInstanceOfSatisfying(EscalationPolicy.Reminder.class,
            reminder -> assertThat(reminder.to().email()).isEqualTo("socialchef@provby.example"));
  }

  private static EscalationPolicy.Situation situation(int level, Instant firstNotified, Optional<Instant> escalated) {
    return new EscalationPolicy.Situation(Severity.CRITICAL, level, Optional.of(firstNotified), escalated,
        Optional.of(escalated.orElse(firstNotified)), EnumSet.of(Severity.CRITICAL), false, false);
  }

  /** The shipped catalog with the test kommun Provby (src/test/resources/kommun) beside the shipped kommuner. */
  private static Catalog withProvby() {
    Path dir = ShippedConfig.copy("escalation-provby-");
    Path from = Path.of("src/test/resources/kommun/9999-provby");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve("kommuner/9999-provby").resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return CatalogLoader.load(dir, POLICY).catalog();
  }
}
