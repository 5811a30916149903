package se.indikatorvakt.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a configuration folder with many kommuner of realistic size, for measuring what one kommun costs in a big
 * installation. Benchmark input, never catalog data: it goes to a temporary folder, never to config/.
 *
 * <p>Generated kommun number {@code i} (1-based) is a copy of shipped kommun {@code (i - 1) % 4} (Kalmar, Eskilstuna,
 * Laholm, Herrljunga) with
 * <ul>
 *   <li>the code {@code 9000 + i}: no county has a number from 90 upwards, so no such code is a Swedish municipality,
 *       and the name "Genererad kommun 0001";
 *   <li>every unit id, goal id and own indicator id prefixed with {@code g0001-} (unique across the installation, as
 *       the loader demands), and every reference to them (parent, rootUnit, a target's orgUnit, an indicator's
 *       goals) with them; the national indicators adopted exactly as the source adopts them;
 *   <li>addresses under {@code genererad-0001.example};
 *   <li>its organisation extended to {@code units} units by copies of the source's current enheter (same parent,
 *       "… 2" in the name), or trimmed to it by dropping enheter that have no unit below them and that no target
 *       names, last first.
 * </ul>
 * Everything else (målvärden, sources, alert policies, periods) is the source's. The rest of the folder
 * (application.yaml, national/) is the shipped one.
 */
public final class GeneratedInstallation {
  public static final Path SHIPPED = Path.of("config");
  /** The shipped kommuner the generated ones copy, in turn. */
  static final List<String> SOURCES = List.of("0880-kalmar", "0484-eskilstuna", "1381-laholm", "1466-herrljunga");
  private static final Pattern ADDRESS_DOMAIN = Pattern.compile("@[A-Za-z0-9.-]+\\.example\\b");

  /** One generated kommun: its code, folder and name, the id prefix of its things, and the shipped kommun it copies. */
  public record Generated(String code, String folder, String name, String prefix, String rootUnit, String source) {}

  private GeneratedInstallation() {}

  /** The code of generated kommun {@code index} (1-based). */
  public static String code(int index) {
    if (index < 1 || index > 999) {
      throw new IllegalArgumentException("generated kommuner are numbered 1 to 999, got " + index);
    }
    return String.valueOf(9000 + index);
  }

  /**
   * The shipped settings with the development keys moved to the generated kommuner: the source key writes for
   * generated kommun 1 (a source key has one kommun), the admin key holds every generated kommun.
   */
  static String settings(int kommuner) throws IOException {
    String shipped = Files.readString(SHIPPED.resolve("application.yaml"), StandardCharsets.UTF_8);
    String source = "kommun: \"0880\"";
    String admin = "kommuner: [\"0880\", \"0484\", \"1466\", \"1381\"]";
    if (!shipped.contains(source) || !shipped.contains(admin)) {
      throw new IllegalStateException("the shipped application.yaml no longer has the development keys this expects");
    }
    List<String> codes = new ArrayList<>();
    for (int i = 1; i <= kommuner; i++) {
      codes.add("\"" + code(i) + "\"");
    }
    return shipped.replaceFirst(Pattern.quote(source), "kommun: \"" + code(1) + "\"")
        .replace(admin, "kommuner: [" + String.join(", ", codes) + "]");
  }

  /**
   * Writes the folder: the shipped application.yaml (with the keys of {@link #settings}) and national definitions, and {@code kommuner} generated kommuner
   * of {@code units} units each (and none of the shipped ones).
   */
  public static List<Generated> write(Path configDir, int kommuner, int units) {
    try {
      Files.createDirectories(configDir.resolve("national"));
      Files.writeString(configDir.resolve("application.yaml"), settings(kommuner));
      Files.copy(SHIPPED.resolve("national/indicators.yaml"), configDir.resolve("national/indicators.yaml"));
      Files.createDirectories(configDir.resolve("kommuner"));
      Map<String, Source> sources = new LinkedHashMap<>();
      for (String folder : SOURCES) {
        sources.put(folder, Source.read(SHIPPED.resolve("kommuner").resolve(folder)));
      }
      List<Generated> generated = new ArrayList<>();
      for (int i = 1; i <= kommuner; i++) {
        String folder = SOURCES.get((i - 1) % SOURCES.size());
        generated.add(sources.get(folder).writeCopy(configDir.resolve("kommuner"), i, units, folder));
      }
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shipped kommun's files as YAML trees. */
  private record Source(Map<String, Object> kommun, Map<String, Object> organisation,
      Map<String, Map<String, Object>> indicatorFiles) {

    static Source read(Path dir) throws IOException {
      Map<String, Map<String, Object>> files = new LinkedHashMap<>();
      try (Stream<Path> list = Files.list(dir.resolve("indicators"))) {
        for (Path file : list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          files.put(file.getFileName().toString(), load(file));
        }
      }
      return new Source(load(dir.resolve("kommun.yaml")), load(dir.resolve("organisation.yaml")), files);
    }

    Generated writeCopy(Path kommunerDir, int index, int units, String sourceFolder) throws IOException {
      String number = String.format("%04d", index);
      String code = code(index);
      String prefix = "g" + number + "-";
      String name = "Genererad kommun " + number;
      String domain = "@genererad-" + number + ".example";
      String folder = code + "-genererad-" + number;
      Set<String> goals = new LinkedHashSet<>();
      Set<String> named = new LinkedHashSet<>();
      for (Map<String, Object> file : indicatorFiles.values()) {
        maps(file.get("goals")).forEach(goal -> goals.add((String) goal.get("id")));
        for (String list : List.of("indicators", "adopts")) {
          maps(file.get(list)).forEach(entry -> maps(entry.get("targets")).forEach(target -> {
            if (target.get("orgUnit") instanceof String unit) {
              named.add(unit);
            }
          }));
        }
      }
      Renaming renaming = new Renaming(prefix, domain, goals);

      Path dir = Files.createDirectories(kommunerDir.resolve(folder).resolve("indicators"));
      @SuppressWarnings("unchecked")
      Map<String, Object> kommunFile = (Map<String, Object>) renaming.addresses(kommun);
      kommunFile.put("code", code);
      kommunFile.put("name", name);
      kommunFile.put("rootUnit", prefix + kommunFile.get("rootUnit"));
      dump(kommunFile, dir.getParent().resolve("kommun.yaml"));

      List<Map<String, Object>> tree = scaled(maps(organisation.get("units")), units, named,
          (String) kommun.get("rootUnit"));
      List<Object> renamedUnits = new ArrayList<>();
      for (Map<String, Object> unit : tree) {
        Map<String, Object> copy = asMap(renaming.addresses(unit));
        copy.put("id", prefix + copy.get("id"));
        if (copy.get("parent") instanceof String parent) {
          copy.put("parent", prefix + parent);
        }
        renamedUnits.add(copy);
      }
      Map<String, Object> organisationFile = new LinkedHashMap<>();
      organisationFile.put("units", renamedUnits);
      dump(organisationFile, dir.getParent().resolve("organisation.yaml"));

      for (var file : indicatorFiles.entrySet()) {
        dump(renaming.indicatorFile(file.getValue()), dir.resolve(file.getKey()));
      }
      return new Generated(code, folder, name, prefix, prefix + kommun.get("rootUnit"), sourceFolder);
    }
  }

  /**
   * The source's units, extended with copies of its current enheter or trimmed, to exactly {@code size}. A copy
   * keeps the original's parent, dates and managers and gets "-2" (then "-3"…) after its id and " 2" after its name.
   */
  static List<Map<String, Object>> scaled(List<Map<String, Object>> units, int size, Set<String> namedByTargets,
      String root) {
    List<Map<String, Object>> result = new ArrayList<>(units);
    Set<String> parents = new LinkedHashSet<>();
    units.forEach(unit -> {
      if (unit.get("parent") instanceof String parent) {
        parents.add(parent);
      }
    });
    for (int i = result.size() - 1; i >= 0 && result.size() > size; i--) {
      String id = (String) result.get(i).get("id");
      if (!id.equals(root) && !parents.contains(id) && !namedByTargets.contains(id)) {
        result.remove(i);
      }
    }
    if (result.size() > size) {
      throw new IllegalArgumentException("cannot trim the organisation to " + size + " units: " + result.size()
          + " are parents, the root or named by a target");
    }
    List<Map<String, Object>> templates = units.stream()
        .filter(u -> "enhet".equals(u.get("level")) && u.get("validTo") == null)
        .toList();
    for (int copy = 0; result.size() < size; copy++) {
      Map<String, Object> template = templates.get(copy % templates.size());
      int generation = 2 + copy / templates.size();
      Map<String, Object> unit = asMap(copyTree(template));
      unit.put("id", unit.get("id") + "-" + generation);
      unit.put("name", unit.get("name") + " " + generation);
      if (unit.get("shortName") instanceof String shortName) {
        unit.put("shortName", shortName + " " + generation);
      }
      result.add(unit);
    }
    return result;
  }

  /** Prefixes the kommun's own ids and every reference to them, and moves addresses to the generated domain. */
  private record Renaming(String prefix, String domain, Set<String> goals) {

    Map<String, Object> indicatorFile(Map<String, Object> file) {
      Map<String, Object> copy = asMap(addresses(file));
      for (Map<String, Object> goal : maps(copy.get("goals"))) {
        goal.put("id", prefix + goal.get("id"));
      }
      for (Map<String, Object> adoption : maps(copy.get("adopts"))) {
        references(adoption);
      }
      for (Map<String, Object> indicator : maps(copy.get("indicators"))) {
        indicator.put("id", prefix + indicator.get("id"));
        references(indicator);
      }
      return copy;
    }

    private void references(Map<String, Object> entry) {
      if (entry.get("goals") instanceof List<?> list) {
        entry.put("goals", list.stream().map(goal -> goals.contains(goal) ? prefix + goal : goal).toList());
      }
      for (Map<String, Object> target : maps(entry.get("targets"))) {
        if (target.get("orgUnit") instanceof String unit) {
          target.put("orgUnit", prefix + unit);
        }
      }
    }

    /** A deep copy of the tree with every example address under the generated kommun's domain. */
    Object addresses(Object node) {
      if (node instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put((String) key, addresses(value)));
        return copy;
      }
      if (node instanceof List<?> list) {
        return new ArrayList<>(list.stream().map(this::addresses).toList());
      }
      if (node instanceof String text) {
        return ADDRESS_DOMAIN.matcher(text).replaceAll(domain);
      }
      return node;
    }
  }

  private static Object copyTree(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, value) -> copy.put((String) key, copyTree(value)));
      return copy;
    }
    if (node instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(GeneratedInstallation::copyTree).toList());
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node) {
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object node) {
    return node instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
  }

  private static Map<String, Object> load(Path file) throws IOException {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(file, StandardCharsets.UTF_8));
    return asMap(copyTree(root));
  }

  private static void dump(Map<String, Object> tree, Path file) throws IOException {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(200);
    options.setAllowUnicode(true);
    Files.writeString(file, "# Generated for a benchmark (not catalog data)\n"
        + new Yaml(new Representer(options), options).dump(tree), StandardCharsets.UTF_8);
  }
}
