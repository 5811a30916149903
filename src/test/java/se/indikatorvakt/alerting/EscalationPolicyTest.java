package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Manager;
import se.indikatorvakt.catalog.OrgLevel;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * Escalation timing with the clock as a parameter: who is emailed when, for an alert fired at T0 in Daglig
 * verksamhet (enhet) under VO funktionsstöd vuxen under socialförvaltningen, escalateAfter 7 days, reminders
 * every 3 days.
 */
class EscalationPolicyTest {
  private static final Instant T0 = Instant.parse("2022-05-02T08:00:00Z");
  private static final AlertingPolicy POLICY = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
      Duration.ofDays(3), Duration.ofDays(15));
  private static final AlertingPolicy QUIET_WARNINGS = new AlertingPolicy(1, Duration.ZERO, 0, false,
      Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15));

  private static final OrgUnit ENHET = unit("daglig-verksamhet", "vo-funktionsstod-vuxen",
      List.of(manager("Enhetschef", "enhetschef@kalmar.example", "2016-01-01", null)),
      Optional.of(manager("Systemförvaltare", "systemforvaltare@kalmar.example", "2016-01-01", null)));
  private static final OrgUnit VO = unit("vo-funktionsstod-vuxen", "socialforvaltningen",
      List.of(manager("Verksamhetschef", "verksamhetschef@kalmar.example", "2016-01-01", null)), Optional.empty());
  private static final OrgUnit VO_WITHOUT_MANAGER = unit("vo-funktionsstod-vuxen", "socialforvaltningen",
      List.of(manager("Verksamhetschef", "verksamhetschef@kalmar.example", "2016-01-01", "2021-12-31")),
      Optional.empty());
  private static final OrgUnit VO_ACTING_SAME_PERSON = unit("vo-funktionsstod-vuxen", "socialforvaltningen",
      List.of(manager("T f verksamhetschef", "enhetschef@kalmar.example", "2016-01-01", null)), Optional.empty());
  private static final OrgUnit FORVALTNING = unit("socialforvaltningen", null, List.of(
      manager("T f socialchef", "tf.socialchef@kalmar.example", "2022-01-01", "2022-05-11"),
      manager("Socialchef", "socialchef@kalmar.example", "2022-05-12", null)), Optional.empty());
  private static final OrgUnit ENHET_WITHOUT_MANAGER = unit("daglig-verksamhet", "vo-funktionsstod-vuxen",
      List.of(), Optional.empty());

  private static final List<OrgUnit> CHAIN = List.of(ENHET, VO, FORVALTNING);

  static Stream<Arguments> cases() {
    Set<Severity> critical = EnumSet.of(Severity.CRITICAL);
    Set<Severity> none = EnumSet.noneOf(Severity.class);
    return Stream.of(
        row("a critical alert nobody was told about is announced to the unit's manager",
            critical(0, none, null, null, null), CHAIN, POLICY, T0,
            "first-notice enhetschef@kalmar.example"),
        row("an acknowledged alert gets nothing, however long it fires",
            situation(Severity.CRITICAL, 0, critical, T0, null, T0, true, false), CHAIN, POLICY, days(60),
            "nothing"),
        row("a silenced alert gets nothing, not even its first notice",
            situation(Severity.CRITICAL, 0, none, null, null, null, false, true), CHAIN, POLICY, days(60),
            "nothing"),
        row("before the reminder interval nothing is sent",
            critical(0, critical, T0, null, T0), CHAIN, POLICY, days(2).plusSeconds(86_399),
            "nothing"),
        row("three days after the email the manager is reminded",
            critical(0, critical, T0, null, T0), CHAIN, POLICY, days(3),
            "reminder enhetschef@kalmar.example"),
        row("a reminder restarts the reminder interval",
            critical(0, critical, T0, null, days(3)), CHAIN, POLICY, days(5),
            "nothing"),
        row("seven days unacknowledged escalates to the verksamhetschef",
            critical(0, critical, T0, null, days(6)), CHAIN, POLICY, days(7),
            "escalation enhetschef@kalmar.example -> verksamhetschef@kalmar.example after PT168H"),
        row("escalation goes before a reminder due at the same time",
            critical(0, critical, T0, null, days(3)), CHAIN, POLICY, days(7),
            "escalation enhetschef@kalmar.example -> verksamhetschef@kalmar.example after PT168H"),
        row("after an escalation the new recipient is reminded",
            critical(1, critical, T0, days(7), days(7)), CHAIN, POLICY, days(10),
            "reminder verksamhetschef@kalmar.example"),
        row("seven more days escalate to the top of the tree, to the manager valid that day",
            critical(1, critical, T0, days(7), days(10)), CHAIN, POLICY, days(14),
            "escalation verksamhetschef@kalmar.example -> socialchef@kalmar.example after PT336H"),
        row("the acting socialchef is the one escalated to while the acting period lasts",
            critical(1, critical, Instant.parse("2022-04-01T08:00:00Z"), Instant.parse("2022-04-08T08:00:00Z"),
                Instant.parse("2022-04-12T08:00:00Z")), CHAIN, POLICY, Instant.parse("2022-04-15T08:00:00Z"),
            "escalation verksamhetschef@kalmar.example -> tf.socialchef@kalmar.example after PT336H"),
        row("at the top there is nobody to escalate to: reminders only",
            critical(2, critical, T0, days(14), days(17)), CHAIN, POLICY, days(40),
            "reminder socialchef@kalmar.example"),
        row("a unit above without a manager that day is skipped",
            critical(0, critical, T0, null, days(6)), List.of(ENHET, VO_WITHOUT_MANAGER, FORVALTNING), POLICY,
            days(7), "escalation enhetschef@kalmar.example -> tf.socialchef@kalmar.example after PT168H"),
        row("the same person one level up is skipped (acting manager of both)",
            critical(0, critical, T0, null, days(6)), List.of(ENHET, VO_ACTING_SAME_PERSON, FORVALTNING), POLICY,
            days(7), "escalation enhetschef@kalmar.example -> tf.socialchef@kalmar.example after PT168H"),
        row("a unit without a manager is announced to the manager above",
            critical(0, none, null, null, null), List.of(ENHET_WITHOUT_MANAGER, VO, FORVALTNING), POLICY, T0,
            "first-notice verksamhetschef@kalmar.example"),
        row("the escalation clock starts at the first notice, not when it fired silenced",
            critical(0, critical, days(20), null, days(20)), CHAIN, POLICY, days(26),
            "reminder enhetschef@kalmar.example"),
        row("warnings are told once and neither reminded nor escalated",
            situation(Severity.WARNING, 0, EnumSet.of(Severity.WARNING), T0, null, T0, false, false), CHAIN, POLICY,
            days(30), "nothing"),
        row("a warning of an indicator that does not notify warnings is never announced",
            situation(Severity.WARNING, 0, none, null, null, null, false, false), CHAIN, QUIET_WARNINGS, days(1),
            "nothing"),
        row("a warning that rose to critical is announced as critical",
            situation(Severity.CRITICAL, 0, EnumSet.of(Severity.WARNING), T0, null, T0, false, false), CHAIN, POLICY,
            days(1), "first-notice enhetschef@kalmar.example"),
        row("a missing report is announced to the unit's data owner",
            situation(Severity.MISSING_REPORT, 0, none, null, null, null, false, false), CHAIN, POLICY, T0,
            "first-notice systemforvaltare@kalmar.example"),
        row("an unreported period reminds the data owner and never escalates",
            situation(Severity.MISSING_REPORT, 0, EnumSet.of(Severity.MISSING_REPORT), T0, null, days(27), false,
                false), CHAIN, POLICY, days(30), "reminder systemforvaltare@kalmar.example"),
        row("a missing report of a unit without data owner goes to its manager",
            situation(Severity.MISSING_REPORT, 0, none, null, null, null, false, false),
            List.of(VO, FORVALTNING), POLICY, T0, "first-notice verksamhetschef@kalmar.example"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesWhoIsEmailedWhen(String behaviour, EscalationPolicy.Situation alert, List<OrgUnit> chain,
      AlertingPolicy policy, Instant now, String expected) {
    EscalationPolicy.Action action = EscalationPolicy.decide(alert, chain, policy,
        LocalDate.ofInstant(now, ZoneOffset.UTC), now);
    assertThat(describe(action)).as(behaviour).isEqualTo(expected);
  }

  private static String describe(EscalationPolicy.Action action) {
    if (action instanceof EscalationPolicy.FirstNotice notice) {
      return "first-notice " + notice.to().email();
    } else if (action instanceof EscalationPolicy.Reminder reminder) {
      return "reminder " + reminder.to().email();
    } else if (action instanceof EscalationPolicy.Escalation escalation) {
      return "escalation " + escalation.from().email() + " -> " + escalation.to().email() + " after "
          + escalation.after();
    }
    return "nothing";
  }

  private static Arguments row(String behaviour, EscalationPolicy.Situation alert, List<OrgUnit> chain,
      AlertingPolicy policy, Instant now, String expected) {
    return Arguments.of(behaviour, alert, chain, policy, now, expected);
  }

  private static EscalationPolicy.Situation critical(int level, Set<Severity> notified, Instant first,
      Instant escalated, Instant last) {
    return situation(Severity.CRITICAL, level, notified, first, escalated, last, false, false);
  }

  private static EscalationPolicy.Situation situation(Severity severity, int level, Set<Severity> notified,
      Instant first, Instant escalated, Instant last, boolean acknowledged, boolean silenced) {
    return new EscalationPolicy.Situation(severity, level, Optional.ofNullable(first), Optional.ofNullable(escalated),
        Optional.ofNullable(last), notified, acknowledged, silenced);
  }

  private static Instant days(long days) {
    return T0.plus(Duration.ofDays(days));
  }

  private static Manager manager(String role, String email, String from, String to) {
    return new Manager(role, email, LocalDate.parse(from), Optional.ofNullable(to).map(LocalDate::parse));
  }

  private static OrgUnit unit(String id, String parent, List<Manager> managers, Optional<Manager> dataOwner) {
    return new OrgUnit(id, id, id, parent == null ? OrgLevel.FORVALTNING : OrgLevel.ENHET,
        Optional.ofNullable(parent), LocalDate.parse("2016-01-01"), Optional.empty(), managers, dataOwner,
        Optional.empty());
  }
}
