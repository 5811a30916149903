package se.indikatorvakt.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The validated catalog of the installation: its kommuner, each with its own organisation, goals, indicators and
 * målvärden. Unit, own indicator and goal ids are unique across the installation, so a unit names its kommun.
 * Immutable.
 */
public final class Catalog {
  private final List<Kommun> kommuner;
  private final Map<String, Kommun> byCode = new LinkedHashMap<>();
  private final Map<String, Kommun> byUnit = new LinkedHashMap<>();
  private final Map<String, Indicator> indicators = new LinkedHashMap<>();
  private final List<Goal> goals = new ArrayList<>();
  private final Organisation organisation;
  private final long version;
  private final Map<Set<String>, Catalog> views = new ConcurrentHashMap<>();

  public Catalog(List<Kommun> kommuner) {
    this(kommuner, 0);
  }

  private Catalog(List<Kommun> kommuner, long version) {
    this.version = version;
    this.kommuner = List.copyOf(kommuner);
    Map<String, List<Indicator>> versions = new LinkedHashMap<>();
    for (Kommun kommun : kommuner) {
      byCode.put(kommun.code(), kommun);
      kommun.organisation().units().forEach(unit -> byUnit.put(unit.id(), kommun));
      kommun.indicators().forEach(i -> versions.computeIfAbsent(i.id(), id -> new ArrayList<>()).add(i));
      goals.addAll(kommun.goals());
    }
    versions.forEach((id, all) -> indicators.put(id, merged(all)));
    this.organisation = Organisation.combined(kommuner.stream().map(Kommun::organisation).toList());
  }

  /** The same catalog as the installation's version {@code number} (catalog_version), which every instance runs. */
  public Catalog versioned(long number) {
    return new Catalog(kommuner, number);
  }

  /** Its number in catalog_version; 0 for a catalog no instance has registered (built by a test). */
  public long version() {
    return version;
  }

  public List<Kommun> kommuner() {
    return kommuner;
  }

  /** The codes of its kommuner, in catalog order: what a transaction over the whole installation names. */
  public Set<String> kommunCodes() {
    return Collections.unmodifiableSet(byCode.keySet());
  }

  public Optional<Kommun> kommun(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /**
   * The catalog as one who holds only these kommuner sees it: the others' units, indicators and goals do not exist
   * in it. Made once per set of codes.
   */
  public Catalog restrictedTo(Set<String> codes) {
    if (codes.containsAll(byCode.keySet())) {
      return this;
    }
    return views.computeIfAbsent(Set.copyOf(codes),
        held -> new Catalog(kommuner.stream().filter(k -> held.contains(k.code())).toList(), version));
  }

  /** The kommun the unit belongs to; a measurement's kommun is its unit's. */
  public Optional<Kommun> kommunOf(String unitId) {
    return Optional.ofNullable(byUnit.get(unitId));
  }

  /**
   * Every indicator of the installation once, in the order of the files. A national indicator adopted by several
   * kommuner appears with the goals and målvärden of all of them; {@link #indicator(String, String)} gives one
   * kommun's.
   */
  public List<Indicator> indicators() {
    return List.copyOf(indicators.values());
  }

  public Optional<Indicator> indicator(String id) {
    return Optional.ofNullable(indicators.get(id));
  }

  /** The indicator as the unit's kommun follows it; empty when that kommun does not have it. */
  public Optional<Indicator> indicator(String id, String unitId) {
    return kommunOf(unitId).flatMap(kommun -> kommun.indicator(id));
  }

  public List<Indicator> byKoladaKpi(String kpi) {
    return indicators.values().stream().filter(i -> i.koladaKpi().filter(kpi::equals).isPresent()).toList();
  }

  public List<Goal> goals() {
    return List.copyOf(goals);
  }

  /** Every kommun's units side by side; a chain upwards stays within one kommun. */
  public Organisation organisation() {
    return organisation;
  }

  /** The målvärden in force for the unit's value (see {@link Kommun#targetsFor}); empty outside the unit's kommun. */
  public List<TargetRule> targetsFor(Indicator indicator, String orgUnit, Gender gender, Period period) {
    Optional<Kommun> kommun = kommunOf(orgUnit);
    if (kommun.isEmpty()) {
      return List.of();
    }
    return kommun.get().indicator(indicator.id())
        .map(own -> kommun.get().targetsFor(own, orgUnit, gender, period))
        .orElse(List.of());
  }

  /** The first målvärde in force, for judging by one target; empty means "inget mål". */
  public Optional<TargetRule> targetFor(Indicator indicator, String orgUnit, Gender gender, Period period) {
    return targetsFor(indicator, orgUnit, gender, period).stream().findFirst();
  }

  private static Indicator merged(List<Indicator> versions) {
    Indicator first = versions.get(0);
    if (versions.size() == 1) {
      return first;
    }
    Set<String> goals = new LinkedHashSet<>();
    List<TargetRule> targets = new ArrayList<>();
    versions.forEach(version -> {
      goals.addAll(version.goals());
      targets.addAll(version.targets());
    });
    return first.adopted(List.copyOf(goals), first.alerting(), targets, first.source());
  }
}
