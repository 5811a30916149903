package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A unit of the organisation. A reorganisation ends a unit ({@code validTo}, inclusive) and starts a new one, so
 * history stays attached to the unit it was reported for.
 *
 * @param shortName at most about 30 characters, for email subjects ("DV Norr")
 * @param dataOwner who answers for reporting, when that is not the manager
 * @param source the seed document and line that names the unit
 */
public record OrgUnit(String id, String name, String shortName, OrgLevel level, Optional<String> parent,
    LocalDate validFrom, Optional<LocalDate> validTo, List<Manager> managers, Optional<Manager> dataOwner,
    Optional<Source> source) {

  public OrgUnit {
    managers = List.copyOf(managers);
  }
}
