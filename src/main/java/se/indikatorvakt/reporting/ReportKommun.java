package se.indikatorvakt.reporting;

import java.util.List;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.PeriodType;

/**
 * The kommun a report is written for: who it is, which nämnd reads it, the period types it follows up in, and which
 * of the catalog's indicators are its own. The report reads nothing else about a kommun, so a per-kommun catalog
 * only has to supply this.
 */
public interface ReportKommun {
  /** Four digits, as Kolada and SCB write it. */
  String code();

  String name();

  /** The nämnd that decides the målvärden and receives the report. */
  String board();

  String administration();

  String rootUnit();

  /** The period types the nämnd follows up in, in the order a reader expects them. */
  List<PeriodType> reportPeriods();

  boolean owns(Indicator indicator);

  /** The kommuner of the installation that can be reported on. */
  static List<ReportKommun> of(Catalog catalog) {
    return List.of(Kalmar.of(catalog));
  }

  /**
   * Kalmar (0880), the municipality of today's catalog: its organisation is Kalmar's, and its own indicators are
   * those whose provenance is a Kalmar document. The catalog also holds other municipalities' seed indicators, which
   * are not Kalmar's to report on. Follow-up periods: the verksamhetsplan is followed up at every tertialrapport
   * (000_63e6c9868031b1b7.txt line 75, 002_4528e150963d2f51.txt line 146: "rapporteras ... tertialvis") and over
   * the year in the kvalitetsberättelse (002_4528e150963d2f51.txt).
   */
  record Kalmar(String rootUnit) implements ReportKommun {
    static Kalmar of(Catalog catalog) {
      return new Kalmar(catalog.organisation().units().stream()
          .filter(unit -> unit.parent().isEmpty()).map(unit -> unit.id()).findFirst().orElseThrow());
    }

    @Override
    public String code() {
      return "0880";
    }

    @Override
    public String name() {
      return "Kalmar kommun";
    }

    @Override
    public String board() {
      return "Socialnämnden";
    }

    @Override
    public String administration() {
      return "Socialförvaltningen";
    }

    @Override
    public List<PeriodType> reportPeriods() {
      return List.of(PeriodType.TERTIAL, PeriodType.YEAR);
    }

    @Override
    public boolean owns(Indicator indicator) {
      return indicator.provenance().startsWith("Kalmar");
    }
  }
}
