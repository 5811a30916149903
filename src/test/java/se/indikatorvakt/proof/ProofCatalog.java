package se.indikatorvakt.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small catalog of its own for the proof tests, written into a fresh config folder next to a copy
 * of the shipped application.yaml: the tests then know exactly which values breach, which unit's
 * manager receives which email, and that no "rapportering saknas" alert interferes with the counts.
 */
public final class ProofCatalog {
  /** Procent per month, higher is better: >= 80 uppfyllt, 70..80 delvis uppfyllt, < 70 ej uppfyllt. */
  public static final String ANDEL = "proof-andel";
  /** Dagar per day, lower is better: <= 14 uppfyllt. */
  public static final String DAGAR = "proof-dagar";
  /** Antal per kvartal, lower is better: <= 5 uppfyllt. */
  public static final String ANTAL = "proof-antal";
  /** Kronor per year, no målvärde. */
  public static final String KOSTNAD = "proof-kostnad";
  public static final String ROOT = "proof-forvaltning";
  public static final double ANDEL_MET = 90;
  public static final double ANDEL_NOT_MET = 40;

  private final Path dir;
  private final int units;

  private ProofCatalog(Path dir, int units) {
    this.dir = dir;
    this.units = units;
  }

  /** Writes the catalog with {@code units} enheter (each with its own manager) into a new folder under target/. */
  public static ProofCatalog write(int units) {
    try {
      Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
      Path dir = Files.createTempDirectory(Files.createDirectories(work), "proof-config-");
      Files.copy(Path.of("config", "application.yaml"), dir.resolve("application.yaml"),
          StandardCopyOption.REPLACE_EXISTING);
      ProofCatalog catalog = new ProofCatalog(dir, units);
      Path kommun = Files.createDirectories(dir.resolve("kommuner/0880-prov/indicators"));
      Files.createDirectories(dir.resolve("national"));
      Files.writeString(dir.resolve("national/indicators.yaml"), "indicators: []\n", StandardCharsets.UTF_8);
      Files.writeString(kommun.resolveSibling("kommun.yaml"), KOMMUN, StandardCharsets.UTF_8);
      Files.writeString(kommun.resolveSibling("organisation.yaml"), catalog.organisationYaml(),
          StandardCharsets.UTF_8);
      Files.writeString(kommun.resolve("catalog.yaml"), indicatorsYaml(), StandardCharsets.UTF_8);
      return catalog;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public int unitCount() {
    return units;
  }

  public static String unit(int n) {
    return String.format("proof-enhet-%02d", n);
  }

  public List<String> units() {
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= units; n++) {
      ids.add(unit(n));
    }
    return ids;
  }

  public static String managerOf(String unitId) {
    return "chef-" + unitId + "@proof.example";
  }

  private static final String KOMMUN = """
      code: "0880"
      name: "Provkommun"
      board: "Socialnämnden"
      administration: "Socialförvaltningen"
      rootUnit: proof-forvaltning
      sender: { from: "Provkommun <indikatorvakt@proof.example>" }
      reportPeriods: [month, year]
      source: { document: "prov.txt", line: 1 }
      """;

  private String organisationYaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("""
        units:
          - id: proof-forvaltning
            name: "Socialförvaltningen (prov)"
            shortName: "Prov"
            source: { document: "prov.txt", line: 1 }
            level: forvaltning
            parent: null
            validFrom: "1990-01-01"
            managers:
              - role: Socialchef
                email: socialchef@proof.example
                validFrom: "1990-01-01"
          - id: proof-omrade
            name: "Verksamhetsområde Öst (prov)"
            shortName: "Prov"
            source: { document: "prov.txt", line: 1 }
            level: verksamhetsomrade
            parent: proof-forvaltning
            validFrom: "1990-01-01"
            managers:
              - role: Verksamhetschef
                email: verksamhetschef@proof.example
                validFrom: "1990-01-01"
        """);
    for (String id : units()) {
      yaml.append("  - id: ").append(id).append('\n')
          .append("    name: \"Enhet ").append(id.substring(id.length() - 2)).append(" Åsen (prov)\"\n")
          .append("    shortName: \"Enhet ").append(id.substring(id.length() - 2)).append("\"\n")
          .append("    source: { document: \"prov.txt\", line: 1 }\n")
          .append("    level: enhet\n")
          .append("    parent: proof-omrade\n")
          .append("    validFrom: \"1990-01-01\"\n")
          .append("    managers:\n")
          .append("      - role: Enhetschef\n")
          .append("        email: ").append(managerOf(id)).append('\n')
          .append("        validFrom: \"1990-01-01\"\n");
    }
    return yaml.toString();
  }

  private static String indicatorsYaml() {
    return """
        goals:
          - id: proof-mal
            name: "Provmål för bevistesterna"
            description: "Ett mål som bara finns i testerna."
            source: { document: "prov.txt", line: 1 }
        indicators:
          - id: proof-andel
            name: "Andel nöjda brukare (prov)"
            shortName: "Andel nöjda"
            description: "Andel brukare som är nöjda, per månad. Finns bara i testerna."
            unit: procent
            polarity: higher-is-better
            periodType: month
            breakdowns: [orgUnit, gender]
            system: enkät
            goals: [proof-mal]
            source: { document: "prov.txt", line: 1 }
            alerting:
              breachPeriodsBeforeFiring: 1
              notifyWarnings: true
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-dagar
            name: "Handläggningstid (prov)"
            shortName: "Handläggningstid"
            description: "Dagar från ansökan till beslut, per dag. Finns bara i testerna."
            unit: dagar
            polarity: lower-is-better
            periodType: day
            breakdowns: [orgUnit, gender]
            system: Treserva
            goals: [proof-mal]
            source: { document: "prov.txt", line: 1 }
            alerting:
              breachPeriodsBeforeFiring: 1
              breachDurationBeforeFiring: PT0S
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-antal
            name: "Antal ej verkställda beslut (prov)"
            shortName: "Ej verkställda"
            description: "Antal beslut som inte verkställts inom tre månader, per kvartal. Finns bara i testerna."
            unit: antal
            polarity: lower-is-better
            periodType: quarter
            breakdowns: [orgUnit, gender]
            system: Treserva
            goals: [proof-mal]
            source: { document: "prov.txt", line: 1 }
            alerting:
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-kostnad
            name: "Kostnad per brukare (prov)"
            shortName: "Kostnad"
            description: "Kronor per brukare och år, utan målvärde. Finns bara i testerna."
            unit: kr
            polarity: lower-is-better
            periodType: year
            breakdowns: [orgUnit]
            system: ekonomisystem
            goals: [proof-mal]
            source: { document: "prov.txt", line: 1 }
            alerting:
              reportingGrace: P36500D
            targets: []
        """.formatted(targets(">=", 80, 70), targets("<=", 14, 21), targets("<=", 5, 8));
  }

  /** A standing målvärde for every unit of the förvaltning. */
  private static String targets(String comparator, double value, double warning) {
    return ("      - from: \"2020\"\n"
        + "        scope: unit-and-below\n"
        + "        kind: threshold\n"
        + "        comparator: \"" + comparator + "\"\n"
        + "        value: " + value + "\n"
        + "        warning: " + warning + "\n"
        + "        source: { document: \"prov.txt\", line: 1 }").stripTrailing();
  }
}
