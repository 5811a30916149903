package se.indikatorvakt.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import se.indikatorvakt.text.Codes;

/**
 * Reads one kommun's folder, {@code kommuner/<code>-<slug>/}: kommun.yaml, organisation.yaml and indicators/*.yaml.
 * In two steps, because a target is checked against the units of every kommun: first what the kommun is and its
 * organisation, then, when every kommun's units are known, its catalog.
 */
final class KommunReader {
  static final String KOMMUN_FILE = "kommun.yaml";
  static final String INDICATORS = "indicators";
  private static final Pattern FOLDER = Pattern.compile("(\\d{4})-[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> FIELDS = Set.of("code", "name", "board", "administration", "rootUnit", "sender",
      "catalogOwner", "reportPeriods", "alerting", "source");

  /** The first step's result: the kommun's profile and organisation, each empty when it could not be read. */
  record Head(String folder, String code, YamlMap kommunFile, Optional<Kommun.Profile> profile,
      Optional<OrganisationReader.Read> organisation, List<YamlMap> indicatorFiles) {}

  private KommunReader() {}

  /** Empty when the folder's name is not {@code <code>-<slug>} or kommun.yaml cannot be read; both are reported. */
  static Optional<Head> head(Path configDir, Path dir, AlertingPolicy defaults, Problems problems) {
    String folder = dir.getFileName().toString();
    String relative = CatalogLoader.KOMMUNER + "/" + folder;
    var matcher = FOLDER.matcher(folder);
    if (!matcher.matches()) {
      problems.add("", relative, "", "", "a kommun's folder is named <code>-<slug>, like 0880-kalmar");
      return Optional.empty();
    }
    String label = matcher.group(1);
    Optional<YamlMap> kommunFile = CatalogLoader.parse(configDir, relative + "/" + KOMMUN_FILE, label, problems);
    if (kommunFile.isEmpty()) {
      return Optional.empty();
    }
    YamlMap file = kommunFile.get();
    Optional<Kommun.Profile> profile = profile(file, label, defaults);
    Optional<String> root = file.optionalText("rootUnit");
    String name = file.optionalText("name").orElse(label);
    Optional<OrganisationReader.Read> organisation = CatalogLoader.parse(configDir,
        relative + "/" + OrganisationReader.FILE, label, problems)
        .map(units -> OrganisationReader.read(units, name, label, root, file));
    List<YamlMap> indicators = new ArrayList<>();
    Path indicatorDir = dir.resolve(INDICATORS);
    if (!Files.isDirectory(indicatorDir)) {
      problems.add(label, relative + "/" + INDICATORS, "", "", "folder not found; the kommun's indicators and "
          + "målvärden are in " + INDICATORS + "/*.yaml");
    } else {
      for (Path yaml : yamlFiles(indicatorDir, relative, label, problems)) {
        CatalogLoader.parse(configDir, relative + "/" + INDICATORS + "/" + yaml.getFileName(), label, problems)
            .ifPresent(indicators::add);
      }
    }
    return Optional.of(new Head(folder, label, file, profile, organisation, indicators));
  }

  /** The second step: the kommun's catalog, or empty when anything of the kommun was reported. */
  static Optional<Kommun> kommun(Head head, Map<String, IndicatorReader.National> national,
      Map<String, String> kommunOfUnit, AlertingPolicy defaults, Problems problems) {
    int before = problems.count();
    AlertingPolicy kommunDefaults = head.profile().map(Kommun.Profile::alerting).orElse(defaults);
    TargetReader.Units units = new TargetReader.Units(head.organisation().map(OrganisationReader.Read::declaredIds),
        kommunOfUnit, false);
    IndicatorReader.Read read = IndicatorReader.kommun(head.indicatorFiles(), national, units, kommunDefaults);
    if (problems.count() != before || head.profile().isEmpty() || head.organisation().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Kommun(head.profile().get(), head.organisation().get().organisation(), read.goals(),
        read.indicators()));
  }

  private static Optional<Kommun.Profile> profile(YamlMap file, String folderCode, AlertingPolicy defaults) {
    int before = file.problemCount();
    file.rejectUnknown(FIELDS);
    Optional<String> code = file.requiredText("code").filter(c -> {
      boolean valid = Slugs.KOLADA_MUNICIPALITY.matcher(c).matches();
      if (!valid) {
        file.problem("code", "'" + c + "' is not a municipality code of four digits (as Kolada and SCB use)");
      } else if (!c.equals(folderCode)) {
        file.problem("code", "code " + c + " differs from the folder's " + folderCode);
      }
      return valid;
    });
    Optional<String> name = file.requiredText("name");
    Optional<String> board = file.requiredText("board");
    Optional<String> administration = file.requiredText("administration");
    Optional<String> rootUnit = file.requiredText("rootUnit");
    Optional<Kommun.Sender> sender = file.optionalMap("sender").flatMap(KommunReader::sender);
    if (!file.has("sender")) {
      file.problem("sender", "is required ({from, replyTo})");
    }
    Optional<Kommun.CatalogOwner> owner = file.optionalMap("catalogOwner").flatMap(KommunReader::catalogOwner);
    List<PeriodType> periods = new ArrayList<>();
    for (String text : file.texts("reportPeriods", true)) {
      Optional<PeriodType> type = PeriodType.fromCode(text);
      type.ifPresentOrElse(periods::add, () -> file.problem("reportPeriods", "unknown period type '" + text
          + "'; expected one of " + String.join(", ", Codes.codes(PeriodType.class))));
    }
    Optional<AlertingPolicy> alerting = AlertingPolicyReader.read(file.optionalMap("alerting"), defaults);
    Optional<Source> source = file.source(true);
    if (file.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new Kommun.Profile(code.get(), name.get(), board.get(), administration.get(), rootUnit.get(),
        sender.get(), owner, periods, alerting.get(), source));
  }

  private static Optional<Kommun.Sender> sender(YamlMap block) {
    block.rejectUnknown(Set.of("from", "replyTo"));
    Optional<String> from = block.requiredText("from");
    Optional<String> replyTo = block.optionalText("replyTo").filter(address -> email(block, "replyTo", address));
    return from.map(f -> new Kommun.Sender(f, replyTo));
  }

  private static Optional<Kommun.CatalogOwner> catalogOwner(YamlMap block) {
    block.rejectUnknown(Set.of("role", "email"));
    Optional<String> role = block.requiredText("role");
    Optional<String> email = block.requiredText("email").filter(address -> email(block, "email", address));
    if (role.isEmpty() || email.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Kommun.CatalogOwner(role.get(), email.get()));
  }

  private static boolean email(YamlMap block, String key, String address) {
    boolean valid = Slugs.EMAIL.matcher(address).matches();
    if (!valid) {
      block.problem(key, "malformed email address '" + address + "'");
    }
    return valid;
  }

  private static List<Path> yamlFiles(Path dir, String relative, String label, Problems problems) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      problems.add(label, relative + "/" + INDICATORS, "", "", "could not read the folder: " + e.getMessage());
      return List.of();
    }
  }
}
