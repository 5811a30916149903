package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The municipality's units and who answers for them over time. The loader guarantees one root and no cycles, so
 * walking parents always ends.
 */
public final class Organisation {
  private final String municipalityName;
  private final String koladaId;
  private final String rootUnit;
  private final Map<String, OrgUnit> units = new LinkedHashMap<>();

  public Organisation(String municipalityName, String koladaId, String rootUnit, List<OrgUnit> units) {
    this.municipalityName = municipalityName;
    this.koladaId = koladaId;
    this.rootUnit = rootUnit;
    units.forEach(unit -> this.units.put(unit.id(), unit));
  }

  public String municipalityName() {
    return municipalityName;
  }

  public Optional<OrgUnit> unit(String id) {
    return Optional.ofNullable(units.get(id));
  }

  /** In the order of organisation.yaml. */
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

  /** The unit, its parent, and so on up to the root; empty for an unknown unit. */
  public List<OrgUnit> chainUpwards(String unitId) {
    List<OrgUnit> chain = new ArrayList<>();
    Optional<OrgUnit> current = unit(unitId);
    while (current.isPresent()) {
      chain.add(current.get());
      current = current.get().parent().flatMap(this::unit);
    }
    return List.copyOf(chain);
  }

  /** Kolada reports per municipality; its values belong to the root unit. */
  public Optional<String> unitForKoladaMunicipality(String koladaMunicipalityId) {
    return koladaId.equals(koladaMunicipalityId) ? Optional.of(rootUnit) : Optional.empty();
  }
}
