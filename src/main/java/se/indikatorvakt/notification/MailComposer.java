package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;

/** Claimed rows -> the email: the series' recent values from the database, then the templates. */
final class MailComposer {
  private static final Logger LOG = LoggerFactory.getLogger(MailComposer.class);

  private final CatalogService catalog;
  private final OutboxRepository repository;
  private final MailTemplates templates;
  private final AcknowledgementLinks links;
  private final NotificationSettings settings;
  private final String messageIdDomain;

  MailComposer(CatalogService catalog, OutboxRepository repository, MailTemplates templates,
      AcknowledgementLinks links, NotificationSettings settings, String from) {
    this.catalog = catalog;
    this.repository = repository;
    this.templates = templates;
    this.links = links;
    this.settings = settings;
    String address = MimeHeaders.address(from);
    this.messageIdDomain = address.contains("@") ? address.substring(address.lastIndexOf('@') + 1) : "localhost";
  }

  Future<OutgoingMail> compose(ClaimedMail mail) {
    Catalog current = catalog.current();
    return history(mail, current).map(history -> {
      MailView view = new MailModel(current, links, settings.grafanaBaseUrl(), settings.timeZone(),
          settings.dailyCapPerRecipient()).view(mail, history);
      return new OutgoingMail(mail.recipient(), templates.render(view), messageId(mail));
    });
  }

  /**
   * Stable for the same rows, so a receiving server or reader that sees the same message twice (the one case no
   * sender can exclude: the connection breaks after the server took the message but before it said so) can tell.
   */
  private String messageId(ClaimedMail mail) {
    OutboxRow first = mail.rows().get(0);
    return "<indikatorvakt." + first.id() + "." + mail.rows().size() + "@" + messageIdDomain + ">";
  }

  /** A digest lists many items briefly and gets no trend tables; a missing history never stops an email. */
  private Future<Map<Long, List<HistoryPoint>>> history(ClaimedMail mail, Catalog current) {
    Map<Long, List<HistoryPoint>> byRow = new HashMap<>();
    if (mail.digest()) {
      return Future.succeededFuture(byRow);
    }
    List<Long> rowIds = new ArrayList<>();
    List<OutboxRepository.HistoryRequest> requests = new ArrayList<>();
    for (OutboxRow row : mail.rows()) {
      JsonObject facts = row.facts();
      Optional<Indicator> indicator = current.indicator(facts.getString("indicatorId", ""));
      indicator.flatMap(i -> periodStart(i, facts.getString("period"))).ifPresent(start -> {
        rowIds.add(row.id());
        requests.add(new OutboxRepository.HistoryRequest(indicator.get().id(), row.orgUnit(),
            facts.getString("gender", "T"), start));
      });
    }
    return repository.histories(requests, settings.historyPeriods())
        .map(histories -> {
          for (int i = 0; i < rowIds.size(); i++) {
            byRow.put(rowIds.get(i), histories.get(i));
          }
          return byRow;
        })
        .recover(error -> {
          LOG.debug("No trend tables for email to outbox rows {}: {}", rowIds, error.getMessage());
          return Future.succeededFuture(byRow);
        });
  }

  private static Optional<LocalDate> periodStart(Indicator indicator, String notation) {
    if (notation == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Period.parse(indicator.periodType(), notation).start());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
