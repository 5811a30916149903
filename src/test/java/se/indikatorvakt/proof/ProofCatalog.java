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
      Files.writeString(dir.resolve("organisation.yaml"), catalog.organisationYaml(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("indicators.yaml"), indicatorsYaml(), StandardCharsets.UTF_8);
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

  private String organisationYaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("""
        municipality:
          name: "Provkommun"
          koladaId: "0880"
          rootUnit: proof-forvaltning
        units:
          - id: proof-forvaltning
            name: "Socialförvaltningen (prov)"
            level: forvaltning
            parent: null
            validFrom: "1990-01-01"
            managers:
              - role: Socialchef
                email: socialchef@proof.example
                validFrom: "1990-01-01"
          - id: proof-omrade
            name: "Verksamhetsområde Öst (prov)"
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
        indicators:
          - id: proof-andel
            name: "Andel nöjda brukare (prov)"
            description: "Andel brukare som är nöjda, per månad. Finns bara i testerna."
            unit: procent
            polarity: higher-is-better
            periodType: month
            breakdowns: [orgUnit, gender]
            source: enkät
            goals: [proof-mal]
            provenance: "Testkatalog för se.indikatorvakt.proof"
            alerting:
              breachPeriodsBeforeFiring: 1
              notifyWarnings: true
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-dagar
            name: "Handläggningstid (prov)"
            description: "Dagar från ansökan till beslut, per dag. Finns bara i testerna."
            unit: dagar
            polarity: lower-is-better
            periodType: day
            breakdowns: [orgUnit, gender]
            source: Treserva
            goals: [proof-mal]
            provenance: "Testkatalog för se.indikatorvakt.proof"
            alerting:
              breachPeriodsBeforeFiring: 1
              breachDurationBeforeFiring: PT0S
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-antal
            name: "Antal ej verkställda beslut (prov)"
            description: "Antal beslut som inte verkställts inom tre månader, per kvartal. Finns bara i testerna."
            unit: antal
            polarity: lower-is-better
            periodType: quarter
            breakdowns: [orgUnit, gender]
            source: Treserva
            goals: [proof-mal]
            provenance: "Testkatalog för se.indikatorvakt.proof"
            alerting:
              reportingGrace: P36500D
            targets:
        %s
          - id: proof-kostnad
            name: "Kostnad per brukare (prov)"
            description: "Kronor per brukare och år, utan målvärde. Finns bara i testerna."
            unit: kr
            polarity: lower-is-better
            periodType: year
            breakdowns: [orgUnit]
            source: ekonomisystem
            goals: [proof-mal]
            provenance: "Testkatalog för se.indikatorvakt.proof"
            alerting:
              reportingGrace: P36500D
            targets: []
        """.formatted(targets(">=", 80, 70), targets("<=", 14, 21), targets("<=", 5, 8));
  }

  private static String targets(String comparator, double value, double warning) {
    StringBuilder yaml = new StringBuilder();
    for (int year = 2020; year <= 2026; year++) {
      yaml.append("      - period: \"").append(year).append("\"\n")
          .append("        kind: threshold\n")
          .append("        comparator: \"").append(comparator).append("\"\n")
          .append("        value: ").append(value).append('\n')
          .append("        warning: ").append(warning).append('\n');
    }
    return yaml.toString().stripTrailing();
  }
}
