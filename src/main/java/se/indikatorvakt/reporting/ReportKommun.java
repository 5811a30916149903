package se.indikatorvakt.reporting;

import java.util.List;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
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

  /** The kommun's goals, in the order of its catalog. */
  List<Goal> goals();

  /** The kommuner of the installation that can be reported on: every kommun of the catalog, with its own profile. */
  static List<ReportKommun> of(Catalog catalog) {
    return catalog.kommuner().stream().<ReportKommun>map(Of::new).toList();
  }

  /** A kommun of the per-kommun catalog: its profile from kommun.yaml, its indicators those of its own catalog. */
  record Of(Kommun kommun) implements ReportKommun {
    @Override
    public String code() {
      return kommun.code();
    }

    @Override
    public String name() {
      return kommun.name();
    }

    @Override
    public String board() {
      return kommun.profile().board();
    }

    @Override
    public String administration() {
      return kommun.profile().administration();
    }

    @Override
    public String rootUnit() {
      return kommun.rootUnit();
    }

    @Override
    public List<PeriodType> reportPeriods() {
      return kommun.profile().reportPeriods();
    }

    @Override
    public boolean owns(Indicator indicator) {
      return kommun.indicator(indicator.id()).isPresent();
    }

    @Override
    public List<Goal> goals() {
      return kommun.goals();
    }
  }
}
