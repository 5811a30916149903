package se.indikatorvakt.notification;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** A line's series and the period it judges: what its trend table is read for. */
  record SeriesKey(String indicatorId, String orgUnit, String gender, String period) {
    static SeriesKey of(MailModel.Line line) {
      return new SeriesKey(line.indicatorId(), line.row().orgUnit(), line.gender(), line.period());
    }
  }

  /**
   * The trend tables of the series the rows name as they were queued, read while the claim is still being screened,
   * so that the email does not wait for another round trip once it may go out. An alert's latest judged period is
   * the queued one unless its series moved on meanwhile; {@link #compose} reads such a line again. Digests and the
   * yearly list show no trend.
   */
  Future<Map<SeriesKey, MailModel.SeriesHistory>> prefetch(String kommun, List<OutboxRow> rows) {
    Set<SeriesKey> keys = new LinkedHashSet<>();
    for (OutboxRow row : rows) {
      if (!row.digest() && row.kind() != NotificationKind.YEARLY_TARGETS_MISSING) {
        keys.add(SeriesKey.of(new MailModel.Line(row, Optional.empty())));
      }
    }
    return histories(kommun, keys, catalog.current());
  }

  /** @param known trend tables read already ({@link #prefetch}); a line's that is not among them is read now */
  Future<OutgoingMail> compose(ClaimedMail mail, Map<SeriesKey, MailModel.SeriesHistory> known) {
    Catalog current = catalog.current();
    OutboxRow first = mail.rows().get(0);
    if (first.kind() == NotificationKind.YEARLY_TARGETS_MISSING) {
      MailContent content = templates.render(MissingTargetsMail.view(current, first, settings.grafanaBaseUrl()));
      return Future.succeededFuture(new OutgoingMail(mail.recipient(), content, messageId(mail),
          current.kommunOf(first.orgUnit()).map(kommun -> kommun.profile().sender())));
    }
    List<MailModel.Line> lines = mail.digest() ? List.of() : MailModel.lines(mail);
    Set<SeriesKey> missing = new LinkedHashSet<>();
    lines.stream().map(SeriesKey::of).filter(key -> !known.containsKey(key)).forEach(missing::add);
    return histories(mail.kommun(), missing, current).map(read -> {
      Map<Long, MailModel.SeriesHistory> byRow = new HashMap<>();
      for (MailModel.Line line : lines) {
        SeriesKey key = SeriesKey.of(line);
        Optional.ofNullable(known.get(key)).or(() -> Optional.ofNullable(read.get(key)))
            .ifPresent(history -> byRow.put(line.row().id(), history));
      }
      MailView view = new MailModel(current, links, settings.grafanaBaseUrl(), settings.timeZone(),
          settings.dailyCapPerRecipient()).view(mail, byRow);
      return new OutgoingMail(mail.recipient(), templates.render(view), messageId(mail),
          current.kommunOf(first.orgUnit()).map(kommun -> kommun.profile().sender()));
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
   * Per series, its recent periods and what its trend compares with: the period before, or when that was not
   * reported, the same period a year earlier. A series whose period cannot be read gets none; a missing history
   * never stops an email.
   */
  private Future<Map<SeriesKey, MailModel.SeriesHistory>> histories(String kommun, Set<SeriesKey> keys,
      Catalog current) {
    Map<SeriesKey, MailModel.SeriesHistory> byKey = new HashMap<>();
    List<SeriesKey> read = new ArrayList<>();
    List<Period> periods = new ArrayList<>();
    List<OutboxRepository.HistoryRequest> requests = new ArrayList<>();
    List<OutboxRepository.SeriesPeriod> bases = new ArrayList<>();
    for (SeriesKey key : keys) {
      Optional<Indicator> indicator = current.indicator(key.indicatorId());
      Optional<Period> period = MailModel.period(indicator, key.period());
      if (period.isEmpty()) {
        continue;
      }
      Period p = period.get();
      read.add(key);
      periods.add(p);
      requests.add(new OutboxRepository.HistoryRequest(indicator.get().id(), key.orgUnit(), key.gender(), p.start()));
      Period yearEarlier = Period.containing(p.type(), p.start().minusYears(1));
      bases.add(new OutboxRepository.SeriesPeriod(indicator.get().id(), key.orgUnit(), key.gender(),
          p.previous().notation()));
      bases.add(new OutboxRepository.SeriesPeriod(indicator.get().id(), key.orgUnit(), key.gender(),
          yearEarlier.notation()));
    }
    if (read.isEmpty()) {
      return Future.succeededFuture(byKey);
    }
    return repository.trends(kommun, requests, bases, settings.historyPeriods())
        .map(trends -> {
          for (int i = 0; i < read.size(); i++) {
            byKey.put(read.get(i), new MailModel.SeriesHistory(trends.histories().get(i),
                base(periods.get(i), trends.values().get(2 * i), trends.values().get(2 * i + 1))));
          }
          return byKey;
        })
        .recover(error -> {
          LOG.debug("No trend tables for {} series of kommun {}: {}", read.size(), kommun, error.getMessage());
          return Future.succeededFuture(byKey);
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
