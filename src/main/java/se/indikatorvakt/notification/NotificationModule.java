package se.indikatorvakt.notification;

import io.vertx.core.Future;
import java.time.Duration;
import se.indikatorvakt.ServiceContext;
import se.indikatorvakt.Settings;

/**
 * Email to managers: the outbox that alerting writes into, the sender that drains it, and the repository the API
 * shows it from.
 * Built by Wiring; {@link #start()} reads the templates (a broken template stops the start-up) and deploys the sender.
 */
public final class NotificationModule {
  private final ServiceContext ctx;
  private final AcknowledgementLinks links;
  private final OutboxRepository repository;
  private final PgOutbox outbox;
  private String deployment;

  private NotificationModule(ServiceContext ctx, AcknowledgementLinks links) {
    this.ctx = ctx;
    this.links = links;
    this.repository = new OutboxRepository(ctx.pool());
    this.outbox = new PgOutbox(repository, ctx.settings().notification(), ctx.clock());
  }

  public static NotificationModule create(ServiceContext ctx, AcknowledgementLinks links) {
    return new NotificationModule(ctx, links);
  }

  /** What alerting calls inside its transaction. */
  public Outbox outbox() {
    return outbox;
  }

  public OutboxRepository repository() {
    return repository;
  }

  public Future<Void> start() {
    Settings settings = ctx.settings();
    NotificationSettings notification = settings.notification();
    Duration stopWait = settings.shutdownTimeout().dividedBy(2);
    return ctx.vertx().executeBlocking(() -> MailTemplates.load(notification.templateDir()))
        .map(templates -> new MailComposer(ctx.catalog(), repository, templates, links, notification,
            settings.smtp().from()))
        .compose(composer -> transport(settings).map(transport -> new OutboxSender(repository, composer, transport,
            ctx.changes(), ctx.metrics(), ctx.clock(), notification, settings.smtp().sendTimeout(), stopWait)))
        .compose(sender -> ctx.vertx().deployVerticle(sender))
        .onSuccess(id -> deployment = id)
        .mapEmpty();
  }

  public Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : ctx.vertx().undeploy(deployment);
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
