package se.indikatorvakt.http.api.measurements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Organisation;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.ingest.MeasurementInput;
import se.indikatorvakt.ingest.Violation;

/**
 * Which measurements of a request the calling key may not write: each one listed, so the 403 says exactly what. A
 * value of a kommun the key does not hold is one of them, whatever else the key may write.
 */
final class WriteScope {
  private WriteScope() {}

  static List<Violation> outOfScope(Caller caller, Organisation organisation, List<MeasurementInput> measurements) {
    List<Violation> violations = new ArrayList<>();
    // per unit once: a batch of 10 000 values names a few dozen units, and each chain is a walk up the organisation;
    // a key for every unit walks none
    Map<String, Boolean> writableUnits = new HashMap<>();
    for (MeasurementInput m : measurements) {
      if (!caller.holds(m.kommun())) {
        violations.add(new Violation(m.pointer() + "/orgUnit", "org unit " + m.orgUnit() + " is not a unit of "
            + held(caller) + ", which key '" + caller.name() + "' writes for", Violation.OUT_OF_SCOPE));
        continue;
      }
      if (!caller.mayWriteIndicator(m.indicator().id())) {
        violations.add(new Violation(m.pointer() + "/indicator", "key '" + caller.name()
            + "' may not write indicator " + m.indicator().id(), Violation.OUT_OF_SCOPE));
      }
      if (!caller.mayWriteEveryOrgUnit() && !writableUnits.computeIfAbsent(m.orgUnit(),
          unit -> caller.mayWriteOrgUnit(organisation.chainUpwards(unit).stream().map(OrgUnit::id).toList()))) {
        violations.add(new Violation(m.pointer() + "/orgUnit", "key '" + caller.name() + "' may not write org unit "
            + m.orgUnit() + " (nor any unit above it)", Violation.OUT_OF_SCOPE));
      }
    }
    return violations;
  }

  private static String held(Caller caller) {
    return (caller.kommuner().size() == 1 ? "kommun " : "kommuner ") + String.join(", ",
        new java.util.TreeSet<>(caller.kommuner()));
  }
}
