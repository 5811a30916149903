package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Units and who answers for them over time: one kommun's, or every kommun's of the installation side by side. The
 * loader guarantees one root per kommun and no cycles, and a parent always belongs to the same kommun, so walking
 * parents always ends at the kommun's own top.
 */
public final class Organisation {
  private final Map<String, String> rootByMunicipality = new LinkedHashMap<>();
  private final Map<String, String> nameByMunicipality = new LinkedHashMap<>();
  private final Map<String, OrgUnit> units = new LinkedHashMap<>();

  /** One kommun's organisation. */
  public Organisation(String municipalityName, String koladaId, String rootUnit, List<OrgUnit> units) {
    rootByMunicipality.put(koladaId, rootUnit);
    nameByMunicipality.put(koladaId, municipalityName);
    units.forEach(unit -> this.units.put(unit.id(), unit));
  }

  private Organisation() {}

  /** Every kommun's units in one organisation; unit ids are unique across the installation. */
  static Organisation combined(List<Organisation> parts) {
    Organisation all = new Organisation();
    for (Organisation part : parts) {
      all.rootByMunicipality.putAll(part.rootByMunicipality);
      all.nameByMunicipality.putAll(part.nameByMunicipality);
      all.units.putAll(part.units);
    }
    return all;
  }

  /** The kommun's name, or the names of all kommuner in an installation's organisation. */
  public String municipalityName() {
    return nameByMunicipality.values().stream().collect(Collectors.joining(", "));
  }

  public Optional<OrgUnit> unit(String id) {
    return Optional.ofNullable(units.get(id));
  }

  /** In the order of the organisation files. */
  public List<OrgUnit> units() {
    return List.copyOf(units.values());
  }

  /** The unit's own manager on the day; empty when nobody was assigned then (escalation walks the chain instead). */
  public Optional<Manager> managerOf(String unitId, LocalDate on) {
    return unit(unitId).flatMap(unit -> unit.managers().stream().filter(m -> m.isValidOn(on)).findFirst());
  }

  /** Who gets "rapportering saknas": the unit's data owner when it has one on the day, else its manager. */
  public Optional<Manager> dataOwnerOf(String unitId, LocalDate on) {
    Optional<Manager> owner = unit(unitId).flatMap(OrgUnit::dataOwner).filter(m -> m.isValidOn(on));
    return owner.isPresent() ? owner : managerOf(unitId, on);
  }

  /** The unit, its parent, and so on up to its kommun's root; empty for an unknown unit. */
  public List<OrgUnit> chainUpwards(String unitId) {
    List<OrgUnit> chain = new ArrayList<>();
    Optional<OrgUnit> current = unit(unitId);
    while (current.isPresent()) {
      chain.add(current.get());
      current = current.get().parent().flatMap(this::unit);
    }
    return List.copyOf(chain);
  }

  /** Kolada reports per municipality; its values belong to that kommun's root unit. */
  public Optional<String> unitForKoladaMunicipality(String koladaMunicipalityId) {
    return Optional.ofNullable(rootByMunicipality.get(koladaMunicipalityId));
  }
}
