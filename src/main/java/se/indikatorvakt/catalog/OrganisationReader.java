package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.text.Codes;

/** Reads and checks a kommun's organisation.yaml: its units, their parents and managers over time. */
final class OrganisationReader {
  static final String FILE = "organisation.yaml";

  /**
   * @param organisation made of the units that read cleanly; complete only when no problem was reported
   * @param declaredIds every unit id in the file, also of units with problems, so references to them are not
   *     reported as unknown as well
   */
  record Read(Organisation organisation, Set<String> declaredIds) {}

  private OrganisationReader() {}

  /**
   * @param name the kommun's name, code and root unit as its kommun.yaml says; the root is checked against the tree
   * @param kommunFile kommun.yaml, where a wrong root unit is reported
   */
  static Read read(YamlMap root, String name, String code, Optional<String> rootUnit, YamlMap kommunFile) {
    root.rejectUnknown(Set.of("units"));

    List<OrgUnit> units = new ArrayList<>();
    Map<String, YamlMap> sources = new LinkedHashMap<>();
    Map<String, Optional<String>> parents = new LinkedHashMap<>();
    List<YamlMap> entries = root.maps("units", true);
    for (int i = 0; i < entries.size(); i++) {
      YamlMap entry = entries.get(i).as("unit #" + (i + 1));
      int before = entry.problemCount();
      Optional<String> id = Slugs.id(entry);
      if (id.isPresent()) {
        entry = entry.as("unit '" + id.get() + "'");
        if (sources.containsKey(id.get())) {
          entry.problem("id", "duplicate unit id '" + id.get() + "'");
          continue;
        }
      }
      Optional<String> parent = entry.optionalText("parent");
      if (id.isPresent()) {
        sources.put(id.get(), entry);
        parents.put(id.get(), parent);
      }
      Optional<OrgUnit> unit = unit(entry, id, parent);
      if (entry.problemCount() == before) {
        unit.ifPresent(units::add);
      }
    }
    checkTree(root, parents, sources, rootUnit, kommunFile);
    return new Read(new Organisation(name, code, rootUnit.orElse(""), units),
        Set.copyOf(sources.keySet()));
  }

  /** The unit, or empty when a required part is missing; the caller also drops it when any problem was reported. */
  private static Optional<OrgUnit> unit(YamlMap entry, Optional<String> id, Optional<String> parent) {
    entry.rejectUnknown(Set.of("id", "name", "shortName", "level", "parent", "validFrom", "validTo", "managers",
        "dataOwner", "source"));
    Optional<String> name = entry.requiredText("name");
    Optional<String> shortName = entry.requiredText("shortName");
    Optional<Source> source = entry.source(false);
    Optional<OrgLevel> level = entry.requiredCode("level", OrgLevel::fromCode, Codes.codes(OrgLevel.class));
    Optional<LocalDate> validFrom = entry.requiredDate("validFrom");
    Optional<LocalDate> validTo = entry.optionalDate("validTo");
    checkOrder(entry, validFrom, validTo);
    List<Optional<Manager>> managers = entry.maps("managers", false).stream().map(OrganisationReader::manager)
        .toList();
    checkOverlaps(entry, managers);
    Optional<Manager> dataOwner = entry.optionalMap("dataOwner")
        .flatMap(owner -> dataOwner(owner, validFrom, validTo));
    if (id.isEmpty() || name.isEmpty() || shortName.isEmpty() || level.isEmpty() || validFrom.isEmpty()
        || managers.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(new OrgUnit(id.get(), name.get(), shortName.get(), level.get(), parent, validFrom.get(),
        validTo, managers.stream().map(Optional::get).toList(), dataOwner, source));
  }

  private static Optional<Manager> manager(YamlMap entry) {
    entry.rejectUnknown(Set.of("role", "email", "validFrom", "validTo"));
    Optional<String> role = entry.requiredText("role");
    Optional<String> email = email(entry);
    Optional<LocalDate> validFrom = entry.requiredDate("validFrom");
    Optional<LocalDate> validTo = entry.optionalDate("validTo");
    if (!checkOrder(entry, validFrom, validTo) || role.isEmpty() || email.isEmpty()
        || validFrom.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Manager(role.get(), email.get(), validFrom.get(), validTo));
  }

  /** The data owner answers for the unit as long as the unit exists. */
  private static Optional<Manager> dataOwner(YamlMap entry, Optional<LocalDate> unitFrom,
      Optional<LocalDate> unitTo) {
    entry.rejectUnknown(Set.of("role", "email"));
    Optional<String> role = entry.requiredText("role");
    Optional<String> email = email(entry);
    if (role.isEmpty() || email.isEmpty() || unitFrom.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Manager(role.get(), email.get(), unitFrom.get(), unitTo));
  }

  private static Optional<String> email(YamlMap entry) {
    return entry.requiredText("email").filter(email -> {
      boolean valid = Slugs.EMAIL.matcher(email).matches();
      if (!valid) {
        entry.problem("email", "malformed email address '" + email + "'");
      }
      return valid;
    });
  }

  private static boolean checkOrder(YamlMap entry, Optional<LocalDate> from, Optional<LocalDate> to) {
    if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
      entry.problem("validTo", "validTo " + to.get() + " is before validFrom " + from.get());
      return false;
    }
    return true;
  }

  /** Two managers at once would leave it unclear who gets the alert. */
  private static void checkOverlaps(YamlMap entry, List<Optional<Manager>> managers) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < managers.size(); i++) {
      if (managers.get(i).isPresent()) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparing(i -> managers.get(i).get().validFrom()));
    for (int k = 1; k < order.size(); k++) {
      Manager earlier = managers.get(order.get(k - 1)).get();
      Manager later = managers.get(order.get(k)).get();
      if (earlier.validTo().map(last -> !last.isBefore(later.validFrom())).orElse(true)) {
        entry.problem("managers[" + order.get(k) + "]", "validity from " + later.validFrom() + " overlaps managers["
            + order.get(k - 1) + "] (" + earlier.role() + ", valid from " + earlier.validFrom()
            + earlier.validTo().map(last -> " to " + last).orElse(" with no end") + ")");
      }
    }
  }

  /** Checked on every declared unit, also those with other problems, so one typo does not hide the tree. */
  private static void checkTree(YamlMap root, Map<String, Optional<String>> parents, Map<String, YamlMap> sources,
      Optional<String> rootUnit, YamlMap kommunFile) {
    List<String> roots = parents.keySet().stream().filter(id -> parents.get(id).isEmpty()).toList();
    if (roots.isEmpty() && !parents.isEmpty()) {
      root.problem("units", "no unit is the root (a unit with parent null)");
    }
    for (String extra : roots.stream().skip(1).toList()) {
      sources.get(extra).problem("parent", "only the root may have no parent, and '" + roots.get(0)
          + "' already is the root");
    }
    rootUnit.filter(id -> !roots.isEmpty() && !roots.get(0).equals(id)).ifPresent(id -> kommunFile
        .problem("rootUnit", "'" + id + "' is not the unit without parent in organisation.yaml ('" + roots.get(0)
            + "')"));
    parents.forEach((id, parent) -> parent.filter(p -> !parents.containsKey(p))
        .ifPresent(p -> sources.get(id).problem("parent", "unknown org unit '" + p + "'")));
    reportCycles(parents, sources);
  }

  /** Each cycle is reported once, on the unit of the cycle that comes first in the file. */
  private static void reportCycles(Map<String, Optional<String>> parents, Map<String, YamlMap> sources) {
    Set<String> reported = new LinkedHashSet<>();
    for (String start : parents.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<String> current = Optional.of(start);
      while (current.isPresent() && !path.contains(current.get())) {
        path.add(current.get());
        current = parents.getOrDefault(current.get(), Optional.empty());
      }
      if (current.filter(start::equals).isPresent() && !reported.contains(start)) {
        reported.addAll(path);
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        sources.get(start).problem("parent", "the parent chain forms a cycle: " + String.join(" -> ", cycle));
      }
    }
  }
}
