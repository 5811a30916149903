package se.indikatorvakt.http.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.indikatorvakt.config.SettingsReader;

/** API keys (as hashes) with their scopes, and the per-key rate limit. */
public record SecuritySettings(List<Key> keys, RateLimit rateLimit) {
  /** The documented development keys; a production profile refuses to start while any of them is configured. */
  public static final String DEVELOPMENT_KEY = "dev-indikatorvakt-local-key";
  public static final String DEVELOPMENT_ADMIN_KEY = "dev-indikatorvakt-admin-key";
  /** The source keys of the other shipped kommuner (DEVELOPMENT_KEY is Kalmar's). */
  public static final List<String> DEVELOPMENT_KOMMUN_KEYS = List.of("dev-indikatorvakt-eskilstuna-key",
      "dev-indikatorvakt-herrljunga-key", "dev-indikatorvakt-laholm-key");

  public record RateLimit(double perSecond, double burst) {}

  public record Key(String name, String source, boolean admin, String sha256, Set<String> kommuner,
      Set<String> indicators, Set<String> orgUnits) {
    Caller toCaller() {
      return new Caller(name, source, admin, kommuner, indicators, orgUnits);
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
      DEVELOPMENT_KOMMUN_KEYS.forEach(key -> refuseDocumented(in, keys, "security.sourceKeys", key));
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
      out.add(new Key(name, source, admin, hash, kommuner(in, path, at, admin, entry), scope(entry.get("indicators")),
          scope(entry.get("orgUnits"))));
    }
  }

  /** A source key belongs to exactly one kommun ({@code kommun: "0880"}), an admin key to one or more. */
  private static Set<String> kommuner(SettingsReader in, String path, String at, boolean admin,
      Map<String, Object> entry) {
    Set<String> codes = new LinkedHashSet<>();
    if (admin) {
      if (entry.containsKey("kommun")) {
        in.problem(path, at + ".kommun: an admin key lists its kommuner under kommuner: [\"0880\", ...]", null);
      }
      if (entry.get("kommuner") instanceof List<?> list) {
        list.forEach(v -> codes.add(text(v)));
      }
      if (codes.isEmpty()) {
        in.problem(path, at + ".kommuner must list the codes of the kommuner the key holds, e.g. [\"0880\"]", null);
      }
    } else {
      if (entry.containsKey("kommuner")) {
        in.problem(path, at + ".kommuner: a source key belongs to exactly one kommun: kommun: \"0880\"", null);
      }
      String code = text(entry.get("kommun"));
      if (code.isEmpty()) {
        in.problem(path, at + ".kommun is missing: the code of the kommun the key writes for, e.g. \"0880\"", null);
      } else {
        codes.add(code);
      }
    }
    for (String code : codes) {
      if (!code.matches("[0-9]{4}")) {
        in.problem(path, at + ": '" + code + "' is not a kommun code (four digits, as Kolada and SCB use)", null);
      }
    }
    return Set.copyOf(codes);
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
