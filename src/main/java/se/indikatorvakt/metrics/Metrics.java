package se.indikatorvakt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every meter the service itself defines, in one place: one prefix, base units, _total for
 * counters, help text on each, labels only from bounded sets (never from request input).
 *
 * <p>Counters whose label values are known are created at zero when the service starts, so that a
 * dashboard shows 0 rather than "no data" before the first event, and rate() has a starting point.
 */
public final class Metrics {
  public static final String PREFIX = "indikatorvakt_";

  static final List<String> ACCEPTED_OUTCOMES = List.of("created", "revised", "unchanged");
  static final List<String> KOLADA_OUTCOMES = List.of("imported", "compared", "unmapped", "null-value");
  static final List<String> ALERT_STATES = List.of("pending", "firing", "resolved", "inactive");
  static final List<String> ALERT_SEVERITIES = List.of("warning", "critical", "missing-report");
  static final List<String> EMAIL_OUTCOMES = List.of("sent", "written", "failed", "dead", "folded", "dropped");
  /** A label value outside its known set is a programming error; it is shown as this, never as itself. */
  static final String OTHER = "other";
  private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

  private static final String ACCEPTED = "indikatorvakt.measurements.accepted";
  private static final String REJECTED = "indikatorvakt.measurements.rejected";
  private static final String KOLADA = "indikatorvakt.kolada.import.items";
  private static final String TRANSITIONS = "indikatorvakt.alert.transitions";
  private static final String ESCALATIONS = "indikatorvakt.alert.escalations";
  private static final String EMAILS = "indikatorvakt.emails";
  private static final String DROPPED = "indikatorvakt.metrics.dropped.series";
  private static final String REFRESH_FAILURES = "indikatorvakt.metrics.refresh.failures";
  private static final String SERIES_READ = "indikatorvakt.metrics.refresh.series.read";

  private final MeterRegistry registry;
  /** Looked up once: every committed request counts its outcomes, and a registry lookup costs more than the count. */
  private final Map<String, Counter> acceptedByOutcome = new HashMap<>();
  private final Timer refreshDuration;
  private final Timer markDuration;
  private final Timer schedulerTick;
  private final DomainExposition domain = DomainExposition.beforeFirstRead(DomainSnapshot.empty(
      new CatalogView(Map.of(), Map.of(), Map.of(), Map.of()), Instant.EPOCH, System.nanoTime()));

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    ACCEPTED_OUTCOMES.forEach(outcome -> acceptedByOutcome.put(outcome, accepted(outcome)));
    KOLADA_OUTCOMES.forEach(outcome -> kolada(outcome));
    ALERT_STATES.forEach(to -> ALERT_SEVERITIES.forEach(severity -> transitions(to, severity)));
    escalations();
    EMAIL_OUTCOMES.forEach(outcome -> emails(outcome));
    dropped();
    refreshFailures();
    seriesRead(true);
    seriesRead(false);
    this.refreshDuration = Timer.builder("indikatorvakt.metrics.refresh.duration")
        .description("Time to refresh the domain gauges from the database (queries and building the exposition)")
        .register(registry);
    this.markDuration = Timer.builder("indikatorvakt.email.mark.duration")
        .description("Time from the mail server's acceptance of an email to its outbox rows marked sent: an "
            + "instance that dies inside it sends that email again")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
    this.schedulerTick = Timer.builder("indikatorvakt.scheduler.tick.duration")
        .description("Time of one tick of the alert scheduler on the instance that holds its lock (silence expiry, "
            + "pending alerts, missing reports, notices): what it costs grows with the installation")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** outcome: created | revised | unchanged. */
  public void measurementsAccepted(String outcome, int count) {
    if (count > 0) {
      Counter known = acceptedByOutcome.get(outcome);
      (known != null ? known : accepted(outcome)).increment(count);
    }
  }

  /** reason: a fixed slug chosen by the validator (invalid-value, unknown-indicator, personnummer, ...). */
  public void measurementsRejected(String reason, int count) {
    if (count > 0) {
      counter(REJECTED, "Measurements refused, by reason", "reason",
          REASON.matcher(reason).matches() ? reason : OTHER).increment(count);
    }
  }

  /** outcome: imported | unmapped | null-value. */
  public void koladaItems(String outcome, int count) {
    if (count > 0) {
      kolada(outcome).increment(count);
    }
  }

  /** to: pending | firing | resolved | inactive; severity: warning | critical | missing-report. */
  public void alertTransition(String to, String severity) {
    transitions(to, severity).increment();
  }

  public void escalation() {
    escalations().increment();
  }

  /**
   * outcome: sent | written (eml file) | failed | dead | folded (into the daily digest) | dropped (no longer true
   * when claimed).
   */
  public void emails(String outcome, int count) {
    if (count > 0) {
      emails(outcome).increment(count);
    }
  }

  public void emailMarked(Duration took) {
    markDuration.record(took);
  }

  public void schedulerTicked(Duration took) {
    schedulerTick.record(took);
  }

  /** The domain gauges (indicator series, alerts, outbox), filled by {@link GaugeRefresher}. */
  DomainExposition domain() {
    return domain;
  }

  void seriesDropped(int count) {
    if (count > 0) {
      dropped().increment(count);
    }
  }

  void refreshed(Duration took) {
    refreshDuration.record(took);
  }

  /** Rows of series a refresh read: of every series (start, reconnect) or of those commits named. */
  void seriesRead(boolean everySeries, int rows) {
    if (rows > 0) {
      seriesRead(everySeries).increment(rows);
    }
  }

  private Counter seriesRead(boolean everySeries) {
    return counter(SERIES_READ, "Series rows the domain gauges' refreshes read from the database: refresh=all at the "
        + "start and after a reconnect of the change feed, refresh=changed for the series that commits changed",
        "refresh", everySeries ? "all" : "changed");
  }

  void refreshFailed() {
    refreshFailures().increment();
  }

  private Counter accepted(String outcome) {
    return counter(ACCEPTED, "Measurements committed, by what they changed (created, revised, unchanged)",
        "outcome", known(outcome, ACCEPTED_OUTCOMES));
  }

  private Counter kolada(String outcome) {
    return counter(KOLADA, "Kolada values received in imports, by outcome (imported, compared: kept as comparison data of a kommun "
        + "outside the installation, unmapped, null-value)",
        "outcome", known(outcome, KOLADA_OUTCOMES));
  }

  private Counter transitions(String to, String severity) {
    return counter(TRANSITIONS, "Alert state changes made by this instance, by new state and severity",
        "to", known(to, ALERT_STATES), "severity", known(severity, ALERT_SEVERITIES));
  }

  private Counter escalations() {
    return counter(ESCALATIONS, "Alerts escalated to the next manager up");
  }

  private Counter emails(String outcome) {
    return counter(EMAILS, "Email delivery attempts by outcome (sent, written as .eml, failed, dead, folded into the daily digest, "
        + "dropped because the alert was silenced, acknowledged or closed before it went out)",
        "outcome", known(outcome, EMAIL_OUTCOMES));
  }

  private Counter dropped() {
    return counter(DROPPED, "Indicator series that lost their gauges because of metrics.maxSeries, counted "
        + "when they are first left out");
  }

  private Counter refreshFailures() {
    return counter(REFRESH_FAILURES, "Refreshes of the domain gauges that failed (the last good values stay)");
  }

  private static String known(String value, List<String> allowed) {
    return allowed.contains(value) ? value : OTHER;
  }

  private Counter counter(String name, String help, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }
}
