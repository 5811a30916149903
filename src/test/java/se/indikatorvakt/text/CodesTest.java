package se.indikatorvakt.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.alerting.AlertKind;
import se.indikatorvakt.alerting.AlertState;
import se.indikatorvakt.alerting.Cause;
import se.indikatorvakt.alerting.EventKind;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.GoalRollup;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.OrgLevel;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.catalog.TargetScope;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;
import se.indikatorvakt.ingest.Change;
import se.indikatorvakt.notification.DropReason;
import se.indikatorvakt.notification.NotificationKind;
import se.indikatorvakt.notification.OutboxState;

/**
 * Every enum that crosses the database, the API, the metrics or the catalog: its codes are the ones stored and
 * published (the CHECK constraints of the migrations, openapi.yaml, the dashboards), each reads back to its constant,
 * and anything else, the constant's Java name included, is refused.
 */
class CodesTest {

  record Codec(Class<? extends Enum<?>> type, Function<String, Optional<?>> fromCode, List<String> codes) {
    @Override
    public String toString() {
      return type.getName().substring(type.getPackageName().length() + 1);
    }
  }

  static Stream<Codec> codecs() {
    return Stream.of(
        new Codec(Result.class, Result::fromCode, List.of("met", "partly-met", "not-met", "no-target")),
        new Codec(Trend.class, Trend::fromCode, List.of("better", "unchanged", "worse")),
        new Codec(AlertKind.class, AlertKind::fromCode, List.of("breach", "missing-report")),
        new Codec(AlertState.class, AlertState::fromCode, List.of("inactive", "pending", "firing", "resolved")),
        new Codec(Severity.class, Severity::fromCode, List.of("warning", "critical", "missing-report")),
        new Codec(EventKind.class, EventKind::fromCode, List.of("transition", "severity-change", "acknowledgement",
            "escalation", "reminder", "first-notice", "silence-created", "silence-ended", "silence-expired",
            "notice-dropped", "target-missing")),
        new Codec(Cause.class, Cause::fromCode, List.of("breach", "breach-persisted", "breach-lasted",
            "severity-rose", "severity-fell", "recovered", "revision", "target-changed", "no-target", "target-missing",
            "notice-outdated", "cleared", "report-missing", "reported", "escalation-due", "reminder-due",
            "first-notice", "acknowledged-by-api", "acknowledged-by-link", "silence-created", "silence-ended",
            "silence-expired")),
        new Codec(OutboxState.class, OutboxState::fromCode,
            List.of("pending", "sending", "sent", "dead", "folded", "dropped")),
        new Codec(NotificationKind.class, NotificationKind::fromCode, List.of("firing", "resolved", "reminder",
            "escalation", "missing-report", "acknowledged", "target-missing", "yearly-targets-missing")),
        new Codec(DropReason.class, DropReason::fromCode, List.of("silenced", "acknowledged", "closed", "not-told")),
        new Codec(Change.class, Change::fromCode, List.of("created", "revised", "unchanged")),
        new Codec(Gender.class, Gender::fromCode, List.of("T", "K", "M")),
        new Codec(OrgLevel.class, OrgLevel::fromCode, List.of("forvaltning", "verksamhetsomrade", "enhet")),
        new Codec(PeriodType.class, PeriodType::fromCode, List.of("day", "month", "quarter", "tertial", "interim",
            "half-year", "year", "rolling-12-months")),
        new Codec(Polarity.class, Polarity::fromCode, List.of("lower-is-better", "higher-is-better", "inside-band")),
        new Codec(TargetScope.class, TargetScope::fromCode, List.of("unit", "unit-and-below")),
        new Codec(MeasurementUnit.class, MeasurementUnit::fromCode,
            List.of("procent", "dagar", "antal", "kr", "tkr", "index", "rang", "betyg", "kvot")),
        new Codec(GoalRollup.Rule.class, GoalRollup.Rule::fromCode, List.of("all", "share", "count", "judgement")),
        new Codec(ThresholdTarget.Comparison.class, ThresholdTarget.Comparison::fromCode,
            List.of("<=", "<", ">=", ">", "=")),
        new Codec(DirectionTarget.Direction.class, DirectionTarget.Direction::fromCode,
            List.of("increase", "decrease")),
        new Codec(DirectionTarget.Reference.class, DirectionTarget.Reference::fromCode,
            List.of("previous", "same-period-last-year", "baseline")),
        new Codec(DirectionTarget.ChangeUnit.class, DirectionTarget.ChangeUnit::fromCode,
            List.of("percent", "points", "absolute")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void storedAndPublishedCodesStayAsTheyAre(Codec codec) {
    assertThat(Arrays.stream(codec.type().getEnumConstants()).map(c -> ((Coded) c).code()))
        .containsExactlyElementsOf(codec.codes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void everyCodeReadsBackToItsConstant(Codec codec) {
    for (Enum<?> constant : codec.type().getEnumConstants()) {
      Object read = codec.fromCode().apply(((Coded) constant).code()).orElse(null);
      assertThat(read).as(constant.name()).isSameAs(constant);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void unknownCodesAreRefused(Codec codec) {
    assertThat(codec.fromCode().apply("no-such-code")).isEmpty();
    assertThat(codec.fromCode().apply("")).isEmpty();
    assertThat(codec.fromCode().apply(null)).isEmpty();
    for (Enum<?> constant : codec.type().getEnumConstants()) {
      if (!constant.name().equals(((Coded) constant).code())) {
        assertThat(codec.fromCode().apply(constant.name())).as("the Java name " + constant.name()).isEmpty();
      }
    }
  }

  @Test
  void aStoredValueNobodyWroteIsRefusedByName() {
    assertThat(Codes.require(AlertState.class, "firing")).isEqualTo(AlertState.FIRING);
    assertThatThrownBy(() -> Codes.require(AlertState.class, "FIRING"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown AlertState code 'FIRING'; known: inactive, pending, firing, resolved");
    assertThat(Codes.requireOrNull(Trend.class, null)).isNull();
    assertThatThrownBy(() -> Codes.requireOrNull(Trend.class, "up")).hasMessageContaining("'up'");
  }

  @Test
  void theCatalogsShortPeriodSpellingsStillRead() {
    assertThat(PeriodType.fromCode("halfyear")).contains(PeriodType.HALF_YEAR);
    assertThat(PeriodType.fromCode("rolling12")).contains(PeriodType.ROLLING_12_MONTHS);
  }
}
