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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Manager;
import se.indikatorvakt.catalog.OrgLevel;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * When the scheduler next looks at a firing alert ({@link EscalationPolicy#due}): the instant it reads the alert
 * from on must never be later than the first instant {@link EscalationPolicy#decide} would send something (or a
 * reminder or escalation would come late), and should not be much earlier (or every tick would read it again).
 */
class NoticeDueTest {
  private static final Instant T0 = Instant.parse("2022-05-02T08:00:00Z");
  private static final AlertingPolicy POLICY = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
      Duration.ofDays(3), Duration.ofDays(15));
  private static final AlertingPolicy QUIET_WARNINGS = new AlertingPolicy(1, Duration.ZERO, 0, false,
      Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15));
  private static final OrgUnit ENHET = unit("daglig-verksamhet", "vo-funktionsstod-vuxen",
      List.of(manager("enhetschef@kalmar.example", "2016-01-01", null)),
      Optional.of(manager("systemforvaltare@kalmar.example", "2016-01-01", null)));
  private static final OrgUnit VO = unit("vo-funktionsstod-vuxen", "socialforvaltningen",
      List.of(manager("verksamhetschef@kalmar.example", "2016-01-01", null)), Optional.empty());
  private static final OrgUnit TOP = unit("socialforvaltningen", null,
      List.of(manager("socialchef@kalmar.example", "2016-01-01", null)), Optional.empty());
  private static final OrgUnit ENHET_WITHOUT_MANAGER = unit("daglig-verksamhet", null, List.of(), Optional.empty());
  private static final OrgUnit TOP_FROM_MAY_20 = unit("socialforvaltningen", null,
      List.of(manager("socialchef@kalmar.example", "2022-05-20", null)), Optional.empty());
  private static final List<OrgUnit> CHAIN = List.of(ENHET, VO, TOP);
  private static final Set<Severity> CRITICAL = EnumSet.of(Severity.CRITICAL);
  private static final Set<Severity> NONE = EnumSet.noneOf(Severity.class);

  static Stream<Arguments> cases() {
    return Stream.of(
        row("a first notice owed is due at once", critical(0, NONE, null, null, null), CHAIN, POLICY, T0, T0),
        row("a told critical alert is due at its reminder, before its escalation",
            critical(0, CRITICAL, T0, null, T0), CHAIN, POLICY, T0, days(3)),
        row("the escalation when it comes before the next reminder",
            critical(0, CRITICAL, T0, null, days(6)), CHAIN, POLICY, days(6), days(7)),
        row("at the top of the tree only the reminder", critical(2, CRITICAL, T0, days(14), days(17)), CHAIN, POLICY,
            days(17), days(20)),
        row("an escalation due with nobody above today is looked at again tomorrow, before the reminder",
            critical(1, CRITICAL, T0, null, days(6)), List.of(ENHET, VO, TOP_FROM_MAY_20), POLICY, days(7),
            Instant.parse("2022-05-10T00:00:00Z")),
        row("nobody addressable today: tomorrow", critical(0, NONE, null, null, null), List.of(ENHET_WITHOUT_MANAGER),
            POLICY, T0, Instant.parse("2022-05-03T00:00:00Z")),
        row("a missing report told is due at its reminder",
            situation(Severity.MISSING_REPORT, EnumSet.of(Severity.MISSING_REPORT), T0, T0, false), CHAIN, POLICY,
            T0, days(3)),
        row("a warning told once: never again", situation(Severity.WARNING, EnumSet.of(Severity.WARNING), T0, T0,
            false), CHAIN, POLICY, T0, null),
        row("a warning of an indicator that does not notify warnings: never",
            situation(Severity.WARNING, NONE, null, null, false), CHAIN, QUIET_WARNINGS, T0, null),
        row("acknowledged: never", situation(Severity.CRITICAL, CRITICAL, T0, T0, true), CHAIN, POLICY, T0, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isWhenTheNextNoticeCanCome(String behaviour, EscalationPolicy.Situation alert, List<OrgUnit> chain,
      AlertingPolicy policy, Instant writtenAt, Instant expected) {
    assertThat(EscalationPolicy.due(alert, chain, policy, writtenAt, ZoneOffset.UTC))
        .as(behaviour).isEqualTo(Optional.ofNullable(expected));
  }

  /**
   * Over every case of EscalationPolicyTest, hour by hour for sixty days after the alert's last write: whenever
   * decide sends something, the due instant worked out at that write had come.
   */
  @Test
  void neverComesAfterSomethingIsToBeSent() {
    EscalationPolicyTest.cases().forEach(arguments -> {
      Object[] row = arguments.get();
      EscalationPolicy.Situation alert = (EscalationPolicy.Situation) row[1];
      @SuppressWarnings("unchecked")
      List<OrgUnit> chain = (List<OrgUnit>) row[2];
      AlertingPolicy policy = (AlertingPolicy) row[3];
      Instant written = Stream.of(alert.firstNotifiedAt(), alert.escalatedAt(), alert.lastNotifiedAt())
          .flatMap(Optional::stream).max(Instant::compareTo).orElse(T0.minus(Duration.ofDays(40)));
      Optional<Instant> due = EscalationPolicy.due(alert, chain, policy, written, ZoneOffset.UTC);
      for (Instant at = written; at.isBefore(written.plus(Duration.ofDays(60))); at = at.plus(Duration.ofHours(1))) {
        EscalationPolicy.Action action = EscalationPolicy.decide(alert, chain, policy,
            LocalDate.ofInstant(at, ZoneOffset.UTC), at);
        if (!(action instanceof EscalationPolicy.Nothing)) {
          Instant when = at;
          assertThat(due).as(row[0] + ": " + action + " at " + at).hasValueSatisfying(d ->
              assertThat(d).isBeforeOrEqualTo(when));
          break;
        }
      }
    });
  }

  private static Arguments row(String behaviour, EscalationPolicy.Situation alert, List<OrgUnit> chain,
      AlertingPolicy policy, Instant writtenAt, Instant expected) {
    return Arguments.of(behaviour, alert, chain, policy, writtenAt, expected);
  }

  private static EscalationPolicy.Situation critical(int level, Set<Severity> notified, Instant first,
      Instant escalated, Instant last) {
    return new EscalationPolicy.Situation(Severity.CRITICAL, level, Optional.ofNullable(first),
        Optional.ofNullable(escalated), Optional.ofNullable(last), notified, false, false);
  }

  private static EscalationPolicy.Situation situation(Severity severity, Set<Severity> notified, Instant first,
      Instant last, boolean acknowledged) {
    return new EscalationPolicy.Situation(severity, 0, Optional.ofNullable(first), Optional.empty(),
        Optional.ofNullable(last), notified, acknowledged, false);
  }

  private static Instant days(long days) {
    return T0.plus(Duration.ofDays(days));
  }

  private static Manager manager(String email, String from, String to) {
    return new Manager("Chef", email, LocalDate.parse(from), Optional.ofNullable(to).map(LocalDate::parse));
  }

  private static OrgUnit unit(String id, String parent, List<Manager> managers, Optional<Manager> dataOwner) {
    return new OrgUnit(id, id, id, parent == null ? OrgLevel.FORVALTNING : OrgLevel.ENHET,
        Optional.ofNullable(parent), LocalDate.parse("2016-01-01"), Optional.empty(), managers, dataOwner,
        Optional.empty());
  }
}
