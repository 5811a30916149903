package se.indikatorvakt.notification;

import io.vertx.core.Future;
import java.time.Duration;
import io.vertx.sqlclient.Pool;
import se.indikatorvakt.ServiceContext;
import se.indikatorvakt.config.Settings;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.http.ApiModule;

/**
 * Email to managers: the outbox that alerting writes into, the sender that drains it, and the API that shows it.
 * Built by Wiring; {@link #start()} reads the templates (a broken template stops the start-up) and deploys the sender.
 */
public final class NotificationModule {
  /** The sender's statements are short; three connections let a claim, a trend read and a marking run at once. */
  private static final int SENDER_CONNECTIONS = 3;

  private final ServiceContext ctx;
  private final AcknowledgementLinks links;
  private final AlertStates alertStates;
  private final Pool sending;
  private final OutboxRepository repository;
  private final PgOutbox outbox;
  private String deployment;

  private NotificationModule(ServiceContext ctx, AcknowledgementLinks links, AlertStates alertStates) {
    this.ctx = ctx;
    this.links = links;
    this.alertStates = alertStates;
    this.sending = DatabasePool.createDedicated(ctx.vertx(), ctx.connectOptions(), ctx.settings().database(),
        "indikatorvakt-outbox", SENDER_CONNECTIONS, ctx.settings().notification().maxConcurrentSends() * 4);
    this.repository = new OutboxRepository(ctx.pool(), sending);
    this.outbox = new PgOutbox(repository, ctx.settings().notification(), ctx.clock());
  }

  /** @param alertStates how alerts stand now, asked when an email is claimed */
  public static NotificationModule create(ServiceContext ctx, AcknowledgementLinks links, AlertStates alertStates) {
    return new NotificationModule(ctx, links, alertStates);
  }

  /** What alerting calls inside its transaction. */
  public Outbox outbox() {
    return outbox;
  }

  public ApiModule api() {
    return new NotificationsApi(repository, ctx.auth());
  }

  public Future<Void> start() {
    Settings settings = ctx.settings();
    NotificationSettings notification = settings.notification();
    Duration stopWait = settings.shutdownTimeout().dividedBy(2);
    Future<String> installation = repository.installationId();
    return installation.compose(id -> ctx.vertx().executeBlocking(() -> MailTemplates.load(notification.templateDir())))
        .map(templates -> new MailComposer(ctx.catalog(), repository, templates, links, notification,
            settings.smtp().from(), installation.result()))
        .compose(composer -> transport(settings).map(transport -> new OutboxSender(repository, alertStates, composer, transport,
            ctx.changes(), ctx.metrics(), ctx.clock(), notification, settings.smtp().sendTimeout(), stopWait)))
        .compose(sender -> ctx.vertx().deployVerticle(sender))
        .onSuccess(id -> deployment = id)
        .mapEmpty();
  }

  public Future<Void> stop() {
    Future<Void> undeployed = deployment == null ? Future.succeededFuture() : ctx.vertx().undeploy(deployment);
    return undeployed.eventually(sending::close);
  }

  private Future<MailTransport> transport(Settings settings) {
    if (settings.smtp().host().isPresent()) {
      return ctx.vertx().executeBlocking(SmtpTransport::localHostname)
          .map(hostname -> new SmtpTransport(ctx.vertx(), settings.smtp(), settings.notification().maxConcurrentSends(),
              hostname));
    }
    EmlFileTransport files = new EmlFileTransport(ctx.vertx(), settings.smtp(), ctx.clock());
    return files.start().map(files);
  }
}
