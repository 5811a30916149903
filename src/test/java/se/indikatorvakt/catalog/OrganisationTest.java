package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganisationTest {
  private final Organisation organisation = Fixtures.validCatalog().organisation();

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
      "daglig-verksamhet-norr, 2020-01-01, tf.ec.dv-norr@testby.example",
      "daglig-verksamhet-norr, 2022-05-11, tf.ec.dv-norr@testby.example",
      "daglig-verksamhet-norr, 2022-05-12, ec.dv-norr@testby.example",
      "daglig-verksamhet-norr, 2030-01-01, ec.dv-norr@testby.example",
      "socialforvaltningen,    2022-05-12, socialchef@testby.example",
  })
  void managerIsTheOneAssignedOnTheDay(String unit, LocalDate day, String email) {
    assertThat(organisation.managerOf(unit, day)).hasValueSatisfying(m -> assertThat(m.email()).isEqualTo(email));
  }

  @Test
  void noManagerBeforeTheFirstAssignmentOrForAnUnknownUnit() {
    assertThat(organisation.managerOf("daglig-verksamhet-norr", LocalDate.of(2019, 12, 31))).isEmpty();
    assertThat(organisation.managerOf("okand-enhet", LocalDate.of(2022, 1, 1))).isEmpty();
  }

  @Test
  void reportingIsAnsweredByTheDataOwnerElseTheManager() {
    LocalDate day = LocalDate.of(2022, 6, 1);

    assertThat(organisation.dataOwnerOf("daglig-verksamhet-norr", day))
        .hasValueSatisfying(m -> assertThat(m.role()).isEqualTo("systemförvaltare"));
    assertThat(organisation.dataOwnerOf("vo-funktionsstod", day))
        .hasValueSatisfying(m -> assertThat(m.email()).isEqualTo("vc.funktionsstod@testby.example"));
  }

  @Test
  void chainGoesFromTheUnitUpToTheRoot() {
    assertThat(organisation.chainUpwards("daglig-verksamhet-norr")).extracting(OrgUnit::id)
        .containsExactly("daglig-verksamhet-norr", "vo-funktionsstod", "socialforvaltningen");
    assertThat(organisation.chainUpwards("socialforvaltningen")).extracting(OrgUnit::id)
        .containsExactly("socialforvaltningen");
    assertThat(organisation.chainUpwards("okand-enhet")).isEmpty();
  }

  @Test
  void koladaValuesForTheMunicipalityBelongToTheRootUnit() {
    assertThat(organisation.unitForKoladaMunicipality("9001")).contains("socialforvaltningen");
    assertThat(organisation.unitForKoladaMunicipality("9002")).contains("grannby-forvaltningen");
    assertThat(organisation.unitForKoladaMunicipality("0000")).isEmpty();
  }

  @Test
  void unitKeepsItsLevelAndValidity() {
    OrgUnit unit = organisation.unit("vo-funktionsstod").orElseThrow();

    assertThat(unit.level()).isEqualTo(OrgLevel.VERKSAMHETSOMRADE);
    assertThat(unit.parent()).contains("socialforvaltningen");
    assertThat(unit.validTo()).isEmpty();
    assertThat(unit.dataOwner()).isEmpty();
  }
}
