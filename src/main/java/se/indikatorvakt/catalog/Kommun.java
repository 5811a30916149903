package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One municipality of the installation with its own organisation, goals, indicators and målvärden, decided by its own
 * nämnd. Nothing of one kommun judges another's values. Immutable.
 */
public final class Kommun {
  /** The sender of the kommun's emails. */
  public record Sender(String from, Optional<String> replyTo) {}

  /** The role in the organisation that owns the kommun's catalog and is told when målvärden are missing. */
  public record CatalogOwner(String role, String email) {}

  /** What the kommun is, apart from its catalog. */
  public record Profile(String code, String name, String board, String administration, String rootUnit,
      Sender sender, Optional<CatalogOwner> catalogOwner, List<PeriodType> reportPeriods, AlertingPolicy alerting,
      Optional<Source> source) {
    public Profile {
      Objects.requireNonNull(code, "code");
      reportPeriods = List.copyOf(reportPeriods);
    }
  }

  private final Profile profile;
  private final Organisation organisation;
  private final List<Goal> goals;
  private final Map<String, Indicator> indicators = new LinkedHashMap<>();

  public Kommun(Profile profile, Organisation organisation, List<Goal> goals, List<Indicator> indicators) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.organisation = Objects.requireNonNull(organisation, "organisation");
    this.goals = List.copyOf(goals);
    indicators.forEach(indicator -> this.indicators.put(indicator.id(), indicator));
  }

  /** The four-digit municipality code Kolada and SCB use, e.g. "0880". */
  public String code() {
    return profile.code();
  }

  public String name() {
    return profile.name();
  }

  public String rootUnit() {
    return profile.rootUnit();
  }

  public Profile profile() {
    return profile;
  }

  public Organisation organisation() {
    return organisation;
  }

  public List<Goal> goals() {
    return goals;
  }

  /** The national indicators it adopted and its own, in the order of its files. */
  public List<Indicator> indicators() {
    return List.copyOf(indicators.values());
  }

  public Optional<Indicator> indicator(String id) {
    return Optional.ofNullable(indicators.get(id));
  }

  public boolean hasUnit(String unitId) {
    return organisation.unit(unitId).isPresent();
  }

  /**
   * The målvärden in force for a value of the unit in the period, judged together (the worst result wins); empty
   * means "inget mål". In force for a unit, kön and period: of the targets whose [from, until] covers the period, those
   * with the latest {@code from} (a later target replaces an earlier one; one limited by {@code until} replaces it only
   * for its own periods). The unit's own targets come first; without them, those of the nearest unit above that
   * judge the units below ({@link TargetScope#UNIT_AND_BELOW}). At each unit the kön's own targets come before those
   * for totalt (T), which judge K and M where these have none of their own.
   */
  public List<TargetRule> targetsFor(Indicator indicator, String unitId, Gender gender, Period period) {
    List<OrgUnit> chain = organisation.chainUpwards(unitId);
    for (int level = 0; level < chain.size(); level++) {
      String unit = chain.get(level).id();
      List<TargetRule> inForce = inForce(indicator, unit, gender, period, level == 0);
      if (inForce.isEmpty() && gender != Gender.T) {
        inForce = inForce(indicator, unit, Gender.T, period, level == 0);
      }
      if (!inForce.isEmpty()) {
        return inForce;
      }
    }
    return List.of();
  }

  /** The unit whose value a target judges: the one it names, else the kommun's root. */
  public String unitOf(TargetRule rule) {
    return rule.orgUnit().orElse(profile.rootUnit());
  }

  /**
   * The unit's targets for the kön with the latest start among those covering the period; above the unit itself
   * ({@code own} false) only those of them that judge the units below. Plain loops: a batch of 10 000 values asks
   * this per value and per unit up its chain, and streams made it most of the batch's evaluation.
   */
  private List<TargetRule> inForce(Indicator indicator, String unit, Gender gender, Period period, boolean own) {
    LocalDate latest = null;
    for (TargetRule rule : indicator.targets()) {
      if (rule.gender() == gender && unitOf(rule).equals(unit) && rule.covers(period)
          && (latest == null || rule.start().isAfter(latest))) {
        latest = rule.start();
      }
    }
    if (latest == null) {
      return List.of();
    }
    List<TargetRule> inForce = new ArrayList<>(1);
    for (TargetRule rule : indicator.targets()) {
      if (rule.gender() == gender && unitOf(rule).equals(unit) && rule.covers(period) && rule.start().equals(latest)
          && (own || rule.scope() == TargetScope.UNIT_AND_BELOW)) {
        inForce.add(rule);
      }
    }
    return Collections.unmodifiableList(inForce);
  }
}
