package se.indikatorvakt.http.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;

/**
 * What a key may read: only its kommuner' data, of which a source key what it may write (its indicators, its org
 * units and the units below them), an administrator key everything. Another kommun's units, indicators and rows do
 * not exist for the key: {@link #catalog()} is the catalog without them, and {@link #kommuner()} the kommuner a
 * transaction of the request may name (KommunScope), so that PostgreSQL shows no other kommun's row either. Within
 * its kommuner, filters are narrowed to the scope rather than answered with other units' data; a filter wholly
 * outside the scope is refused with 403, so a caller knows its answer is not simply empty.
 *
 * <p>Managers' email addresses are staff personal data: only administrator keys are shown them.
 */
public final class ReadScope {
  private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"':,;]+@[^\\s<>\"':,;]+\\.[A-Za-z]{2,}");
  private static final String WITHHELD = "(address withheld)";

  private final Caller caller;
  private final Catalog catalog;

  private ReadScope(Caller caller, Catalog catalog) {
    this.caller = caller;
    this.catalog = catalog;
  }

  public static ReadScope of(Caller caller, Catalog catalog) {
    return new ReadScope(caller, catalog.restrictedTo(caller.kommuner()));
  }

  /** The kommuner the key holds, which every transaction of its request names. */
  public Set<String> kommuner() {
    return caller.kommuner();
  }

  /** The catalog of the key's kommuner only: what the request's parameters are checked against. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * The indicator ids to read: those requested (null = every one) that the key may read; null when nothing limits
   * them.
   */
  public String[] indicators(String[] requested) {
    if (caller.admin() || caller.indicators().contains("*")) {
      return requested;
    }
    String[] readable = (requested == null ? catalog.indicators().stream().map(Indicator::id).toArray(String[]::new)
        : requested);
    String[] within = Arrays.stream(readable).filter(caller::mayWriteIndicator).toArray(String[]::new);
    if (within.length == 0) {
      throw outside("indicator");
    }
    return within;
  }

  /** The org unit ids to read, like {@link #indicators}: a unit of the key's scope covers the units below it. */
  public String[] orgUnits(String[] requested) {
    if (caller.admin() || caller.orgUnits().contains("*")) {
      return requested;
    }
    String[] readable = requested == null ? catalog.organisation().units().stream().map(OrgUnit::id)
        .toArray(String[]::new) : requested;
    String[] within = Arrays.stream(readable).filter(this::mayReadUnit).toArray(String[]::new);
    if (within.length == 0) {
      throw outside("orgUnit");
    }
    return within;
  }

  /** Refuses one series (a value's history, one alert) outside the key's scope. */
  public void check(String indicator, String orgUnit) {
    if (caller.admin()) {
      return;
    }
    if (!caller.mayWriteIndicator(indicator)) {
      throw outside("indicator");
    }
    if (!mayReadUnit(orgUnit)) {
      throw outside("orgUnit");
    }
  }

  /** The answer as this key may see it: email addresses withheld from every key but an administrator's. */
  public JsonObject shown(JsonObject answer) {
    return caller.admin() ? answer : (JsonObject) withoutAddresses(answer);
  }

  private boolean mayReadUnit(String unit) {
    return caller.mayWriteOrgUnit(catalog.organisation().chainUpwards(unit).stream().map(OrgUnit::id).toList());
  }

  private ProblemException outside(String what) {
    return new ProblemException(new Problem(403, ProblemType.OUT_OF_SCOPE,
        "Key '" + caller.name() + "' reads only the indicators and org units it may write; ask for those, or use "
            + "an administrator key.", java.util.List.of(new Problem.FieldError("?" + what,
                "outside the key's scope"))));
  }

  private static Object withoutAddresses(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, Object> entry : object) {
        if (!entry.getKey().equals("email")) {
          copy.put(entry.getKey(), withoutAddresses(entry.getValue()));
        }
      }
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(withoutAddresses(item)));
      return copy;
    }
    if (value instanceof String text && text.indexOf('@') >= 0) {
      return EMAIL.matcher(text).replaceAll(WITHHELD);
    }
    return value;
  }
}
