package se.indikatorvakt.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The raw settings tree: config/application.yaml with environment overrides applied.
 *
 * <p>Only paths that exist in the YAML can be overridden, so that a mistyped variable such as
 * INDIKATORVAKT_HTTP_PROT stops the service instead of being silently ignored.
 */
public final class SettingsSource {
  public static final String ENV_PREFIX = "INDIKATORVAKT_";
  /** Variables that steer where settings come from, or belong to the tests, not to the settings tree. */
  private static final Set<String> NOT_SETTINGS =
      Set.of("INDIKATORVAKT_CONFIG_DIR", "INDIKATORVAKT_TEST_DATABASE_URL");

  private final Map<String, Object> values;
  private final Map<String, String> origins;
  private final Path configDir;

  private SettingsSource(Map<String, Object> values, Map<String, String> origins, Path configDir) {
    this.values = values;
    this.origins = origins;
    this.configDir = configDir;
  }

  public static Path configDir(Map<String, String> env) {
    String dir = env.getOrDefault("INDIKATORVAKT_CONFIG_DIR", "config");
    return Path.of(dir.isBlank() ? "config" : dir);
  }

  public static SettingsSource load(Map<String, String> env) {
    Path dir = configDir(env);
    Path file = dir.resolve("application.yaml");
    Map<String, Object> tree = readYaml(file);
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", tree, flat);
    Map<String, String> origins = new LinkedHashMap<>();
    flat.keySet().forEach(path -> origins.put(path, file.toString()));
    List<String> problems = new ArrayList<>();
    Map<String, String> envNames = new LinkedHashMap<>();
    flat.keySet().forEach(path -> envNames.put(envName(path), path));
    Set<String> unknown = new TreeSet<>();
    env.forEach((name, raw) -> {
      if (!name.startsWith(ENV_PREFIX) || NOT_SETTINGS.contains(name)) {
        return;
      }
      String path = envNames.get(name);
      if (path == null) {
        unknown.add(name);
        return;
      }
      flat.put(path, parseScalar(raw));
      origins.put(path, name);
    });
    unknown.forEach(name -> problems.add(name + ": no such setting (see " + file + ")"));
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return new SettingsSource(flat, origins, dir);
  }

  /** The environment variable that overrides a settings path: http.bodyLimitBytes -> INDIKATORVAKT_HTTP_BODY_LIMIT_BYTES. */
  public static String envName(String path) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (char c : path.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  public Path configDir() {
    return configDir;
  }

  Object raw(String path) {
    if (!values.containsKey(path)) {
      throw new IllegalStateException("setting " + path + " is read but not declared in application.yaml");
    }
    return values.get(path);
  }

  String describe(String path) {
    String origin = origins.getOrDefault(path, "application.yaml");
    return origin.startsWith(ENV_PREFIX) ? "setting " + path + " (" + origin + ")"
        : "setting " + path + " (" + origin + ", or " + envName(path) + ")";
  }

  private static Map<String, Object> readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SettingsException(List.of("settings file " + file.toAbsolutePath()
          + " not found; set INDIKATORVAKT_CONFIG_DIR to the folder that holds application.yaml"));
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (!(doc instanceof Map<?, ?> map)) {
        throw new SettingsException(List.of(file + ": expected a mapping of settings at the top level"));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return typed;
    } catch (IOException e) {
      throw new SettingsException(List.of(file + ": cannot be read: " + e.getMessage()));
    } catch (RuntimeException e) {
      if (e instanceof SettingsException se) {
        throw se;
      }
      throw new SettingsException(List.of(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
  }

  private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> out) {
    tree.forEach((key, value) -> {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof Map<?, ?> child) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) child;
        flatten(path, typed, out);
      } else {
        out.put(path, value);
      }
    });
  }

  /** An environment value is read as YAML so that lists and maps (API keys) can be given too. */
  private static Object parseScalar(String raw) {
    if (raw.isEmpty()) {
      return "";
    }
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(raw);
    } catch (RuntimeException e) {
      return raw;
    }
  }
}
