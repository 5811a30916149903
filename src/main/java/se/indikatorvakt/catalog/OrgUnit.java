package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A unit of the organisation. A reorganisation ends a unit ({@code validTo}, inclusive) and starts a new one, so
 * history stays attached to the unit it was reported for.
 *
 * @param shortName what an email subject shows ("DV Norr"); the name when the organisation gives none
 * @param dataOwner who answers for reporting, when that is not the manager
 */
public record OrgUnit(String id, String name, String shortName, OrgLevel level, Optional<String> parent, LocalDate validFrom,
    Optional<LocalDate> validTo, List<Manager> managers, Optional<Manager> dataOwner) {

  public OrgUnit {
    shortName = shortName == null || shortName.isBlank() ? name : shortName;
    managers = List.copyOf(managers);
  }
}
