package se.indikatorvakt.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code indicators.yaml} and {@code organisation.yaml} from a folder into a {@link Catalog}, or reports every
 * problem found in them. Blocking file I/O: call it from a worker thread.
 */
public final class CatalogLoader {

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
    Optional<YamlMap> organisationFile = parse(configDir, OrganisationReader.FILE, problems);
    Optional<YamlMap> indicatorsFile = parse(configDir, IndicatorReader.FILE, problems);
    Optional<OrganisationReader.Read> organisation = organisationFile.map(OrganisationReader::read);
    Optional<Set<String>> unitIds = organisation.map(OrganisationReader.Read::declaredIds);
    Optional<IndicatorReader.Read> indicators = indicatorsFile.map(root -> IndicatorReader.read(root, unitIds,
        defaults));
    if (!problems.isEmpty()) {
      return new Result(null, problems.list());
    }
    return new Result(new Catalog(indicators.get().goals(), indicators.get().indicators(),
        organisation.get().organisation()),
        List.of());
  }

  private static Optional<YamlMap> parse(Path configDir, String file, Problems problems) {
    try {
      String text = Files.readString(configDir.resolve(file), StandardCharsets.UTF_8);
      Object root = yaml().load(text);
      if (root instanceof Map<?, ?> map) {
        return Optional.of(new YamlMap(map, problems, file, "", ""));
      }
      problems.add(file, "", "", "the file must be a YAML mapping at the top level");
    } catch (NoSuchFileException e) {
      problems.add(file, "", "", "file not found in " + configDir.toAbsolutePath());
    } catch (IOException e) {
      problems.add(file, "", "", "could not read the file: " + e.getMessage());
    } catch (YAMLException e) {
      problems.add(file, "", "", "not valid YAML: " + e.getMessage().replace('\n', ' '));
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
