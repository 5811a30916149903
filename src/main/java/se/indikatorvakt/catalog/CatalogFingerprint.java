package se.indikatorvakt.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What identifies a catalog across instances: the hash of its files, and per kommun and indicator the hash of its
 * målvärden, whose change is what makes stored verdicts worth judging again.
 *
 * @param contentHash SHA-256 over every catalog file's path and content, in path order
 * @param targets "kommun/indicator" to the SHA-256 of that kommun's målvärden for the indicator, in key order
 * @param targetsJson the same as a JSON object, as catalog_version stores it
 */
public record CatalogFingerprint(String contentHash, Map<String, String> targets, String targetsJson) {

  public CatalogFingerprint {
    targets = Map.copyOf(targets);
  }

  /** Reads the catalog's files (blocking: call on a worker) and hashes them with the loaded catalog's målvärden. */
  public static CatalogFingerprint of(Path configDir, Catalog catalog) {
    Map<String, String> targets = targets(catalog);
    return new CatalogFingerprint(contentHash(configDir), targets, json(targets));
  }

  /** Keys are kommun codes and catalog ids, values hex digits: nothing in them needs escaping. */
  private static String json(Map<String, String> targets) {
    StringBuilder json = new StringBuilder(targets.size() * 100).append('{');
    targets.forEach((key, hash) -> {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(key).append("\":\"").append(hash).append('"');
    });
    return json.append('}').toString();
  }

  /** The files the catalog is made of: the national definitions and every kommun's folder; settings are not. */
  static String contentHash(Path configDir) {
    MessageDigest digest = sha256();
    List<Path> files = new ArrayList<>();
    files.add(configDir.resolve(CatalogLoader.NATIONAL));
    Path kommuner = configDir.resolve(CatalogLoader.KOMMUNER);
    if (Files.isDirectory(kommuner)) {
      try (Stream<Path> walk = Files.walk(kommuner)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files.sort(null);
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      digest.update(configDir.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try {
        digest.update(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Every kommun's målvärden per indicator, as the loaded records write themselves: the same rules, the same hash. */
  public static Map<String, String> targets(Catalog catalog) {
    Map<String, String> targets = new TreeMap<>();
    for (Kommun kommun : catalog.kommuner()) {
      for (Indicator indicator : kommun.indicators()) {
        MessageDigest digest = sha256();
        digest.update(indicator.targets().toString().getBytes(StandardCharsets.UTF_8));
        targets.put(kommun.code() + "/" + indicator.id(), HexFormat.of().formatHex(digest.digest()));
      }
    }
    return targets;
  }

  /**
   * The indicators per kommun whose målvärden differ between two versions: changed, added or removed; in order.
   */
  public static Map<String, Set<String>> changed(Map<String, String> before, Map<String, String> after) {
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    Map<String, Set<String>> byKommun = new TreeMap<>();
    for (String key : keys) {
      if (!Objects.equals(before.get(key), after.get(key))) {
        int slash = key.indexOf('/');
        byKommun.computeIfAbsent(key.substring(0, slash), k -> new TreeSet<>()).add(key.substring(slash + 1));
      }
    }
    return byKommun;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
