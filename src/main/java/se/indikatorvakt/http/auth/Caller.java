package se.indikatorvakt.http.auth;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, from the API key: a source system with its write scope, or an administrator.
 *
 * @param source the source system's name, recorded with every measurement it writes
 * @param kommuner the codes of the kommuner the key holds (a source key exactly one, an admin key one or more);
 *     nothing of any other kommun is read, written, silenced or acknowledged with it
 * @param indicators indicator ids it may write, or "*"
 * @param orgUnits org unit ids it may write, or "*"; a unit covers the units below it
 */
public record Caller(String name, String source, boolean admin, Set<String> kommuner, Set<String> indicators,
    Set<String> orgUnits) {
  public static final String CONTEXT_KEY = "indikatorvakt.caller";

  public boolean holds(String kommun) {
    return kommuner.contains(kommun);
  }

  public boolean mayWriteIndicator(String indicator) {
    return indicators.contains("*") || indicators.contains(indicator);
  }

  /** A key for every unit of its kommuner: asking about one unit needs no walk up the organisation. */
  public boolean mayWriteEveryOrgUnit() {
    return orgUnits.contains("*");
  }

  /** @param unitChain the unit and its ancestors up to the root (Organisation.chainUpwards) */
  public boolean mayWriteOrgUnit(List<String> unitChain) {
    return mayWriteEveryOrgUnit() || unitChain.stream().anyMatch(orgUnits::contains);
  }
}
