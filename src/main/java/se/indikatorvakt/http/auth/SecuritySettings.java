package se.indikatorvakt.http.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.indikatorvakt.config.SettingsReader;

/** API keys (as hashes) with their scopes, and the per-key rate limit. */
public record SecuritySettings(List<Key> keys, RateLimit rateLimit) {
  /** The documented development keys; a production profile refuses to start while either is configured. */
  public static final String DEVELOPMENT_KEY = "dev-indikatorvakt-local-key";
  public static final String DEVELOPMENT_ADMIN_KEY = "dev-indikatorvakt-admin-key";

  public record RateLimit(double perSecond, double burst) {}

  public record Key(String name, String source, boolean admin, String sha256, Set<String> indicators,
      Set<String> orgUnits) {
    Caller toCaller() {
      return new Caller(name, source, admin, indicators, orgUnits);
    }
  }

  public static SecuritySettings from(SettingsReader in, boolean production) {
    List<Key> keys = new ArrayList<>();
    read(in, "security.sourceKeys", false, keys);
    read(in, "security.adminKeys", true, keys);
    Set<String> names = new LinkedHashSet<>();
    for (Key key : keys) {
      if (!names.add(key.name())) {
        in.problem("security", "key name '" + key.name() + "' is used twice", null);
      }
    }
    if (production) {
      refuseDocumented(in, keys, "security.sourceKeys", DEVELOPMENT_KEY);
      refuseDocumented(in, keys, "security.adminKeys", DEVELOPMENT_ADMIN_KEY);
    }
    RateLimit rate = new RateLimit(in.decimal("security.rateLimit.perSecond", 0.01, 1_000_000),
        in.decimal("security.rateLimit.burst", 1, 10_000_000));
    return new SecuritySettings(List.copyOf(keys), rate);
  }

  private static void refuseDocumented(SettingsReader in, List<Key> keys, String path, String documentedKey) {
    String hash = ApiKeys.sha256(documentedKey);
    if (keys.stream().anyMatch(k -> k.sha256().equals(hash))) {
      in.problem(path, "the documented development key is configured; profile production refuses it: generate a "
          + "key with 'java -jar indikatorvakt.jar generate-key'", null);
    }
  }

  private static void read(SettingsReader in, String path, boolean admin, List<Key> out) {
    List<Map<String, Object>> entries = in.listOfMaps(path);
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> entry = entries.get(i);
      String at = path + "[" + i + "]";
      String name = text(entry.get("name"));
      String hash = text(entry.get("sha256")).toLowerCase(java.util.Locale.ROOT);
      if (name.isEmpty()) {
        in.problem(path, at + ".name is missing", null);
      }
      if (!hash.matches("[0-9a-f]{64}")) {
        in.problem(path, at + ".sha256 must be 64 hex digits (use 'java -jar indikatorvakt.jar generate-key')", null);
      }
      String source = admin ? "admin" : text(entry.getOrDefault("source", name));
      out.add(new Key(name, source, admin, hash, scope(entry.get("indicators")), scope(entry.get("orgUnits"))));
    }
  }

  private static Set<String> scope(Object raw) {
    if (raw instanceof List<?> list) {
      Set<String> values = new LinkedHashSet<>();
      list.forEach(v -> values.add(String.valueOf(v)));
      return Set.copyOf(values);
    }
    return Set.of("*");
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value).trim();
  }
}
