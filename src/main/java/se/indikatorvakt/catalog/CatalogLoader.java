package se.indikatorvakt.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the catalog of the installation from the configuration folder into a {@link Catalog}, or reports every problem
 * found in it, each with its kommun, file, entry and field:
 *
 * <pre>
 * national/indicators.yaml                        definitions the same everywhere, with the rules of law
 * kommuner/&lt;code&gt;-&lt;slug&gt;/kommun.yaml               the kommun: code, name, nämnd, root unit, sender...
 * kommuner/&lt;code&gt;-&lt;slug&gt;/organisation.yaml         its units
 * kommuner/&lt;code&gt;-&lt;slug&gt;/indicators/*.yaml         its goals, adopted national indicators, own indicators
 * </pre>
 *
 * Refused as a whole, with every problem listed: two kommuner with one code, a unit in two kommuner, an own indicator
 * or a goal defined by two kommuner, an unknown national indicator adopted, a target on another kommun's unit.
 * Blocking file I/O: call it from a worker thread.
 */
public final class CatalogLoader {
  static final String NATIONAL = "national/indicators.yaml";
  static final String KOMMUNER = "kommuner";

  /** Either a catalog or the problems that prevent one; never both. */
  public static final class Result {
    private final Catalog catalog;
    private final List<CatalogProblem> problems;

    private Result(Catalog catalog, List<CatalogProblem> problems) {
      this.catalog = catalog;
      this.problems = problems;
    }

    public boolean isValid() {
      return catalog != null;
    }

    /** @throws IllegalStateException listing the problems when the files are invalid */
    public Catalog catalog() {
      if (catalog == null) {
        throw new IllegalStateException("the catalog is invalid: " + problems);
      }
      return catalog;
    }

    /** Empty exactly when the catalog is valid. */
    public List<CatalogProblem> problems() {
      return problems;
    }
  }

  private CatalogLoader() {}

  public static Result load(Path configDir, AlertingPolicy defaults) {
    Objects.requireNonNull(configDir, "configDir");
    Objects.requireNonNull(defaults, "defaults");
    Problems problems = new Problems();
    Map<String, IndicatorReader.National> national = parse(configDir, NATIONAL, "", problems)
        .map(root -> IndicatorReader.national(root, defaults)).orElse(Map.of());
    List<KommunReader.Head> heads = new ArrayList<>();
    for (Path dir : kommunFolders(configDir, problems)) {
      KommunReader.head(configDir, dir, defaults, problems).ifPresent(heads::add);
    }
    Map<String, String> kommunOfUnit = checkAcrossKommuner(heads, problems);
    List<Kommun> kommuner = new ArrayList<>();
    for (KommunReader.Head head : heads) {
      KommunReader.kommun(head, national, kommunOfUnit, defaults, problems).ifPresent(kommuner::add);
    }
    checkOwnIdsAcrossKommuner(kommuner, heads, national.keySet(), problems);
    if (!problems.isEmpty()) {
      return new Result(null, problems.list());
    }
    return new Result(new Catalog(kommuner), List.of());
  }

  /** Codes and unit ids name one kommun each; every unit's kommun, for the targets that are read next. */
  private static Map<String, String> checkAcrossKommuner(List<KommunReader.Head> heads, Problems problems) {
    Map<String, String> folderOfCode = new HashMap<>();
    Map<String, String> kommunOfUnit = new LinkedHashMap<>();
    for (KommunReader.Head head : heads) {
      String earlier = folderOfCode.putIfAbsent(head.code(), head.folder());
      if (earlier != null) {
        head.kommunFile().problem("code", "code " + head.code() + " is also the code of " + KOMMUNER + "/" + earlier);
      }
      head.organisation().ifPresent(read -> read.declaredIds().stream().sorted().forEach(unit -> {
        String other = kommunOfUnit.putIfAbsent(unit, head.code());
        if (other != null) {
          problems.add(head.code(), KOMMUNER + "/" + head.folder() + "/" + OrganisationReader.FILE,
              "unit '" + unit + "'", "id", "unit id '" + unit + "' is also a unit of kommun " + other
                  + "; unit ids are unique across the installation");
        }
      }));
    }
    return kommunOfUnit;
  }

  /** A kommun's own indicators and goals are its own: another kommun cannot define the same id. */
  private static void checkOwnIdsAcrossKommuner(List<Kommun> kommuner, List<KommunReader.Head> heads,
      Set<String> national, Problems problems) {
    Map<String, String> ownerOfIndicator = new HashMap<>();
    Map<String, String> ownerOfGoal = new HashMap<>();
    Map<String, String> folderOfCode = new HashMap<>();
    heads.forEach(head -> folderOfCode.putIfAbsent(head.code(), head.folder()));
    for (Kommun kommun : kommuner) {
      String folder = folderOfCode.get(kommun.code());
      String file = KOMMUNER + "/" + folder + "/" + KommunReader.INDICATORS;
      for (Indicator indicator : kommun.indicators()) {
        if (national.contains(indicator.id())) {
          continue;
        }
        String other = ownerOfIndicator.putIfAbsent(indicator.id(), kommun.code());
        if (other != null) {
          problems.add(kommun.code(), file, "indicator '" + indicator.id() + "'", "id", "indicator id '"
              + indicator.id() + "' is also an own indicator of kommun " + other + "; prefix it with the kommun's slug");
        }
      }
      for (Goal goal : kommun.goals()) {
        String other = ownerOfGoal.putIfAbsent(goal.id(), kommun.code());
        if (other != null) {
          problems.add(kommun.code(), file, "goal '" + goal.id() + "'", "id", "goal id '" + goal.id()
              + "' is also a goal of kommun " + other + "; prefix it with the kommun's slug");
        }
      }
    }
  }

  private static List<Path> kommunFolders(Path configDir, Problems problems) {
    Path dir = configDir.resolve(KOMMUNER);
    if (!Files.isDirectory(dir)) {
      problems.add("", KOMMUNER, "", "", "folder not found in " + configDir.toAbsolutePath()
          + "; each kommun has a folder kommuner/<code>-<slug>");
      return List.of();
    }
    try (Stream<Path> folders = Files.list(dir)) {
      List<Path> found = folders.filter(Files::isDirectory).sorted().toList();
      if (found.isEmpty()) {
        problems.add("", KOMMUNER, "", "", "no kommun: each kommun has a folder kommuner/<code>-<slug>");
      }
      return found;
    } catch (IOException e) {
      problems.add("", KOMMUNER, "", "", "could not read the folder: " + e.getMessage());
      return List.of();
    }
  }

  /** A file's text and the tree SnakeYAML made of it; the readers only read the tree. */
  private record Parsed(String text, Object root) {}

  /**
   * The last parse of every catalog file read, so that a reload (on every instance, within a second of a change)
   * parses again only the files that changed: parsing is most of a load. One entry per file path.
   */
  private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();

  /** The file as a mapping, or empty after reporting why it cannot be one. */
  static Optional<YamlMap> parse(Path configDir, String file, String kommun, Problems problems) {
    try {
      Path path = configDir.resolve(file).toAbsolutePath();
      String text = Files.readString(path, StandardCharsets.UTF_8);
      Parsed known = PARSED.get(path);
      Object root = known != null && known.text().equals(text) ? known.root() : yaml().load(text);
      PARSED.put(path, new Parsed(text, root));
      if (root instanceof Map<?, ?> map) {
        return Optional.of(new YamlMap(map, problems, kommun, file, "", ""));
      }
      problems.add(kommun, file, "", "", "the file must be a YAML mapping at the top level");
    } catch (NoSuchFileException e) {
      problems.add(kommun, file, "", "", "file not found in " + configDir.toAbsolutePath());
    } catch (IOException e) {
      problems.add(kommun, file, "", "", "could not read the file: " + e.getMessage());
    } catch (YAMLException e) {
      problems.add(kommun, file, "", "", "not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    return Optional.empty();
  }

  /** Duplicate keys would let a later line silently override an earlier target or manager. */
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }
}
