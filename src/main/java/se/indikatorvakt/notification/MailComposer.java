package se.indikatorvakt.notification;

import io.vertx.core.Future;
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
  private final String installation;

  MailComposer(CatalogService catalog, OutboxRepository repository, MailTemplates templates,
      AcknowledgementLinks links, NotificationSettings settings, String from, String installation) {
    this.installation = installation;
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
    OutboxRow first = mail.rows().get(0);
    if (first.kind() == NotificationKind.YEARLY_TARGETS_MISSING) {
      MailContent content = templates.render(MissingTargetsMail.view(current, first, settings.grafanaBaseUrl()));
      return Future.succeededFuture(new OutgoingMail(mail.recipient(), content, messageId(mail),
          current.kommunOf(first.orgUnit()).map(kommun -> kommun.profile().sender())));
    }
    return history(mail, current).map(history -> {
      MailView view = new MailModel(current, links, settings.grafanaBaseUrl(), settings.timeZone(),
          settings.dailyCapPerRecipient()).view(mail, history);
      return new OutgoingMail(mail.recipient(), templates.render(view), messageId(mail),
          current.kommunOf(mail.rows().get(0).orgUnit()).map(kommun -> kommun.profile().sender()));
    });
  }

  /**
   * Stable for the same rows, so a receiving server or reader that sees the same message twice (the one case no
   * sender can exclude: the connection breaks after the server took the message but before it said so) can tell;
   * the installation id keeps the row ids of another installation, or of this one before its database was
   * recreated, from ever giving a different email the same Message-ID.
   */
  private String messageId(ClaimedMail mail) {
    OutboxRow first = mail.rows().get(0);
    return "<indikatorvakt." + first.id() + "." + mail.rows().size() + "." + installation + "@" + messageIdDomain
        + ">";
  }

  /**
   * Per line of the email (one per series), its recent periods and what its trend compares with: the period before,
   * or when that was not reported, the same period a year earlier. A digest lists many items briefly and gets none;
   * a missing history never stops an email.
   */
  private Future<Map<Long, MailModel.SeriesHistory>> history(ClaimedMail mail, Catalog current) {
    Map<Long, MailModel.SeriesHistory> byRow = new HashMap<>();
    if (mail.digest()) {
      return Future.succeededFuture(byRow);
    }
    List<Long> rowIds = new ArrayList<>();
    List<Period> periods = new ArrayList<>();
    List<OutboxRepository.HistoryRequest> requests = new ArrayList<>();
    List<OutboxRepository.SeriesPeriod> bases = new ArrayList<>();
    for (MailModel.Line line : MailModel.lines(mail)) {
      Optional<Indicator> indicator = current.indicator(line.indicatorId());
      Optional<Period> period = MailModel.period(indicator, line.period());
      if (period.isEmpty()) {
        continue;
      }
      Period p = period.get();
      rowIds.add(line.row().id());
      periods.add(p);
      requests.add(new OutboxRepository.HistoryRequest(indicator.get().id(), line.row().orgUnit(), line.gender(),
          p.start()));
      Period yearEarlier = Period.containing(p.type(), p.start().minusYears(1));
      bases.add(new OutboxRepository.SeriesPeriod(indicator.get().id(), line.row().orgUnit(), line.gender(),
          p.previous().notation()));
      bases.add(new OutboxRepository.SeriesPeriod(indicator.get().id(), line.row().orgUnit(), line.gender(),
          yearEarlier.notation()));
    }
    Future<List<List<HistoryPoint>>> points = repository.histories(requests, settings.historyPeriods());
    Future<List<Optional<Double>>> values = repository.valuesAt(bases);
    return Future.all(points, values)
        .map(done -> {
          for (int i = 0; i < rowIds.size(); i++) {
            byRow.put(rowIds.get(i), new MailModel.SeriesHistory(points.result().get(i),
                base(periods.get(i), values.result().get(2 * i), values.result().get(2 * i + 1))));
          }
          return byRow;
        })
        .recover(error -> {
          LOG.debug("No trend tables for email to outbox rows {}: {}", rowIds, error.getMessage());
          return Future.succeededFuture(byRow);
        });
  }

  private static Optional<MailModel.TrendBase> base(Period period, Optional<Double> previous,
      Optional<Double> yearEarlier) {
    if (previous.isPresent()) {
      return Optional.of(new MailModel.TrendBase(period.previous().notation(), previous.get(), false));
    }
    Period sameLastYear = Period.containing(period.type(), period.start().minusYears(1));
    return yearEarlier.map(value -> new MailModel.TrendBase(sameLastYear.notation(), value, true));
  }
}
