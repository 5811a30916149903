package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.metrics.Metrics;

/**
 * Email to managers: the outbox that alerting writes into, the sender that drains it, and the repository the API
 * shows it from.
 * Built by Wiring; {@link #start()} reads the templates (a broken template stops the start-up) and deploys the sender.
 */
public final class NotificationModule {
  /**
   * The sender's statements are short; six connections let the claim (held until its commit, which the next
   * statements do not wait for), the four statements it is followed by at once (its alerts and the silences, the
   * daily-cap slots, the trend tables) and the marking of an earlier email run side by side.
   */
  public static final int SENDER_CONNECTIONS = 6;

  private final Vertx vertx;
  private final Clock clock;
  private final Metrics metrics;
  private final CatalogService catalog;
  private final ChangeFeed changes;
  private final NotificationSettings settings;
  private final SmtpSettings smtp;
  private final Duration stopWait;
  private final AcknowledgementLinks links;
  private final AlertStates alertStates;
  private final Pool sending;
  private final OutboxRepository repository;
  private final PgOutbox outbox;
  private String deployment;

  /**
   * @param sending the sender's own connections ({@link #SENDER_CONNECTIONS}), closed by {@link #stop()}: marking
   *     an email sent must not wait behind ingest on the shared pool
   * @param stopWait how long the sender may finish its sends at shutdown
   * @param alertStates how alerts stand now, asked when an email is claimed
   */
  public NotificationModule(Vertx vertx, Pool pool, Pool sending, Clock clock, Metrics metrics,
      CatalogService catalog, ChangeFeed changes, NotificationSettings settings, SmtpSettings smtp,
      Duration stopWait, AcknowledgementLinks links, AlertStates alertStates) {
    this.vertx = vertx;
    this.clock = clock;
    this.metrics = metrics;
    this.catalog = catalog;
    this.changes = changes;
    this.settings = settings;
    this.smtp = smtp;
    this.stopWait = stopWait;
    this.links = links;
    this.alertStates = alertStates;
    this.sending = sending;
    this.repository = new OutboxRepository(pool, sending,
        unit -> catalog.current().kommunOf(unit).map(Kommun::code),
        () -> List.copyOf(catalog.current().kommunCodes()));
    this.outbox = new PgOutbox(repository, settings, clock);
  }

  /** What alerting calls inside its transaction. */
  public Outbox outbox() {
    return outbox;
  }

  public OutboxRepository repository() {
    return repository;
  }

  public Future<Void> start() {
    Future<String> installation = repository.installationId();
    return installation.compose(id -> vertx.executeBlocking(() -> MailTemplates.load(settings.templateDir())))
        .map(templates -> new MailComposer(catalog, repository, templates, links, settings, smtp.from(),
            installation.result()))
        .compose(composer -> transport().map(transport -> new OutboxSender(repository, alertStates, composer,
            transport, changes, metrics, clock, settings, smtp.sendTimeout(), stopWait)))
        .compose(sender -> vertx.deployVerticle(sender))
        .onSuccess(id -> deployment = id)
        .mapEmpty();
  }

  public Future<Void> stop() {
    Future<Void> undeployed = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return undeployed.eventually(sending::close);
  }

  private Future<MailTransport> transport() {
    if (smtp.host().isPresent()) {
      return vertx.executeBlocking(SmtpTransport::localHostname)
          .map(hostname -> new SmtpTransport(vertx, smtp, settings.maxConcurrentSends(), hostname));
    }
    EmlFileTransport files = new EmlFileTransport(vertx, smtp, clock);
    return files.start().map(files);
  }
}
