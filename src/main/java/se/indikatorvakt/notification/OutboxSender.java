package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.metrics.Metrics;

/**
 * Drains the outbox. Woken by the NOTIFY of the transaction that wrote a row (so a breach is mailed within
 * milliseconds, not at the next poll); a timer only for what becomes due later (grouping windows, retries, expired
 * claims, digests) and as a safety net.
 *
 * <p>Claimed rows are screened first: alerting says how each row's alert stands now, and an alarm about an alert
 * that was silenced, acknowledged or closed since it was queued is dropped ({@link StaleNotices}); the email then
 * shows every alert it lists as it stands now.
 *
 * <p>A claim marks rows {@code sending} with a token and a lease of {@code smtp.sendTimeout + notification.claimLease}
 * in one short transaction; the email is sent outside it; then the rows are marked by token. The lease outlasts any
 * send this instance can still be making, so another instance takes rows over only from an instance that died. At
 * most {@code maxConcurrentSends} emails are in flight, so none waits inside the mail client's pool, where its
 * timeout could run out while it still might go out later.
 *
 * <p>All state lives on this verticle's event loop; nothing here blocks.
 */
final class OutboxSender extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
  private static final long MIN_TIMER_MS = 25;
  private static final long DATABASE_RETRY_MS = 1000;
  private static final int ROWS_PER_RECIPIENT = 200;

  private final OutboxRepository repository;
  private final AlertStates alertStates;
  private final MailComposer composer;
  private final MailTransport transport;
  private final ChangeFeed changes;
  private final Metrics metrics;
  private final Clock clock;
  private final NotificationSettings settings;
  private final RetryPolicy retry;
  private final DailyCap cap;
  private final Duration lease;
  private final Duration stopWait;

  private int inFlight;
  private int turn;
  private boolean claiming;
  private boolean wakeAgain;
  private final Set<String> namedAgain = new TreeSet<>();
  private boolean stopped;
  private boolean serverWasUnreachable;
  private long timer = -1;
  private Instant timerAt = Instant.MAX;
  private Promise<Void> idle;

  OutboxSender(OutboxRepository repository, AlertStates alertStates, MailComposer composer, MailTransport transport,
      ChangeFeed changes, Metrics metrics, Clock clock, NotificationSettings settings, Duration sendTimeout,
      Duration stopWait) {
    this.repository = repository;
    this.alertStates = alertStates;
    this.composer = composer;
    this.transport = transport;
    this.changes = changes;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.retry = new RetryPolicy(settings.retryInitialBackoff(), settings.retryMaxBackoff(), settings.maxAttempts(),
        settings.giveUpAfter());
    this.cap = new DailyCap(settings.dailyCapPerRecipient(), settings.timeZone(), settings.digestHour());
    this.lease = sendTimeout.plus(settings.claimLease());
    this.stopWait = stopWait;
  }

  @Override
  public Future<?> start() {
    changes.subscribe(ChangeFeed.OUTBOX,
        payload -> context.runOnContext(v -> wake(OutboxRepository.kommunerOf(payload))),
        () -> context.runOnContext(v -> wake()));
    context.runOnContext(v -> wake());
    return Future.succeededFuture();
  }

  /** Stops claiming, waits (bounded) for the emails in flight to be marked, then closes the transport. */
  @Override
  public Future<?> stop() {
    stopped = true;
    cancelTimer();
    Future<Void> settled = Future.succeededFuture();
    if (inFlight > 0) {
      idle = Promise.promise();
      settled = idle.future().timeout(stopWait.toMillis(), TimeUnit.MILLISECONDS).recover(e -> {
        LOG.warn("{} email(s) still in flight at stop; their claims expire and another instance takes them over",
            inFlight);
        return Future.succeededFuture();
      });
    }
    return settled.eventually(transport::close);
  }

  private void wake() {
    wake(Optional.empty());
  }

  /**
   * Claims what is due. Woken by the NOTIFY of new rows, which names their kommuner, it claims in those at once; any
   * other wake asks first which kommuner have rows due (retries, expired claims, digests, windows that ended). A
   * NOTIFY that comes while a claim is under way is not lost, nor widened to that look-up: its kommuner are claimed
   * as soon as the claim under way ends. The next due time is asked after the claim, outside it, so that no email
   * waits for that question.
   */
  private void wake(Optional<List<String>> named) {
    if (stopped) {
      return;
    }
    int free = settings.maxConcurrentSends() - inFlight;
    if (claiming || free <= 0) {
      named.ifPresentOrElse(namedAgain::addAll, () -> wakeAgain = true);
      return;
    }
    claiming = true;
    if (named.isPresent()) {
      named.get().forEach(namedAgain::remove);
    } else {
      wakeAgain = false;
      namedAgain.clear();
    }
    Instant now = clock.instant();
    UUID token = UUID.randomUUID();
    named.map(Future::succeededFuture).orElseGet(() -> repository.dueKommuner(now))
        .compose(due -> claimInTurn(due, now, token))
        .onComplete(claimed -> {
          claiming = false;
          if (claimed.failed()) {
            LOG.warn("Outbox not read ({}); trying again in {} ms", claimed.cause().getMessage(), DATABASE_RETRY_MS);
            wakeBy(clock.instant().plusMillis(DATABASE_RETRY_MS));
            return;
          }
          wakeDeferred();
          repository.nextDue().onComplete(due -> {
            if (due.succeeded()) {
              schedule(due.result());
            } else {
              LOG.warn("Outbox not read ({}); trying again in {} ms", due.cause().getMessage(), DATABASE_RETRY_MS);
              wakeBy(clock.instant().plusMillis(DATABASE_RETRY_MS));
            }
          });
        });
  }

  /** The wake that had to wait for a claim under way or for a free send. */
  private void wakeDeferred() {
    if (wakeAgain) {
      wake();
    } else if (!namedAgain.isEmpty()) {
      wake(Optional.of(List.copyOf(namedAgain)));
    }
  }

  /**
   * Claims kommun by kommun, each in its own scope, so that no email holds another kommun's rows; the kommun to start
   * with moves on at every wake, so that a busy kommun does not keep the others waiting for free sends.
   */
  private Future<Void> claimInTurn(List<String> due, Instant now, UUID token) {
    Future<Void> chain = Future.succeededFuture();
    int start = due.isEmpty() ? 0 : Math.floorMod(turn++, due.size());
    for (int i = 0; i < due.size(); i++) {
      String kommun = due.get((start + i) % due.size());
      chain = chain.compose(v -> claim(kommun, now, token));
    }
    return chain;
  }

  private Future<Void> claim(String kommun, Instant now, UUID token) {
    int free = settings.maxConcurrentSends() - inFlight;
    if (stopped || free <= 0) {
      wakeAgain = true;
      return Future.succeededFuture();
    }
    boolean grouping = !settings.groupingWindow().isZero();
    int maxRows = grouping ? free * ROWS_PER_RECIPIENT : free;
    KommunScope.Committing<List<OutboxRow>> claimed = repository.claim(kommun, now, free, maxRows, lease, token);
    return claimed.answer()
        .compose(rows -> prepare(kommun, rows, claimed.committed(), grouping, now, token))
        .map(prepared -> {
          metrics.emails(OutboxState.FOLDED.code(), prepared.folded());
          prepared.mails().forEach(mail -> send(mail, prepared.trends()));
          if (prepared.mails().size() == free || prepared.folded() > 0) {
            wakeAgain = true;
          }
          return null;
        });
  }

  /**
   * What a claim sends: its emails, the trend tables read for them, and how many rows the daily cap folded into
   * digests.
   */
  private record Prepared(List<ClaimedMail> mails, Map<MailComposer.SeriesKey, MailModel.SeriesHistory> trends,
      int folded) {}

  /** How the claimed rows' alerts stand now, and the rows that no longer say something true, with why. */
  private record Screened(Map<Long, CurrentAlert> alerts, Map<OutboxRow, DropReason> dropped) {}

  /**
   * Everything the claimed rows' emails need before they are rendered, asked at once rather than one after another
   * (each would be a round trip that a breach's email waits for): how their alerts stand now ({@link StaleNotices}),
   * a daily-cap slot per email, and the series' trend tables. They are asked as soon as the claim has answered, while
   * its commit waits for the disk; nothing is written about the rows nor sent before that commit. The slot of an
   * email whose every row proves stale is given back; rows the cap refuses are folded into the digest only when they
   * are still true, and the stale ones are dropped, recorded on the outbox row and in the alert's audit trail.
   */
  private Future<Prepared> prepare(String kommun, List<OutboxRow> rows, Future<List<OutboxRow>> committed,
      boolean grouping, Instant now, UUID token) {
    if (rows.isEmpty()) {
      return committed.map(none -> new Prepared(List.of(), Map.of(), 0));
    }
    List<List<OutboxRow>> emails = OutboxRepository.emails(rows, grouping);
    LocalDate day = cap.dayOf(now);
    Future<Screened> screened = screen(kommun, rows, now);
    Future<List<Boolean>> slots = repository.takeSlots(kommun, emails, day, cap.perRecipient());
    Future<Map<MailComposer.SeriesKey, MailModel.SeriesHistory>> trends = composer.prefetch(kommun, rows);
    // join, not all: after a failure, the slots that were taken are known by then and given back; a claim whose
    // commit failed leaves its rows to the next claim (at once if it was lost, when its lease ends if it held)
    return Future.join(committed, screened, slots, trends)
        .recover(error -> giveBack(kommun, emails, slots, day).transform(v -> Future.failedFuture(error)))
        .compose(read -> {
          Map<OutboxRow, DropReason> dropped = screened.result().dropped();
          List<ClaimedMail> mails = new ArrayList<>();
          List<OutboxRow> refused = new ArrayList<>();
          List<String> unused = new ArrayList<>();
          for (int i = 0; i < emails.size(); i++) {
            List<OutboxRow> kept = emails.get(i).stream().filter(row -> !dropped.containsKey(row)).toList();
            boolean digest = emails.get(i).get(0).digest();
            boolean granted = slots.result().get(i);
            if (kept.isEmpty()) {
              if (granted && !digest) {
                unused.add(emails.get(i).get(0).recipient());
              }
            } else if (granted) {
              mails.add(new ClaimedMail(token, kept.get(0).recipient(), kept,
                  digest ? Optional.empty() : Optional.of(day), alertsOf(kept, screened.result().alerts())));
            } else {
              refused.addAll(kept);
            }
          }
          return Future.all(drop(kommun, dropped, token, now), repository.fold(kommun, refused, now, cap, token),
                  repository.returnSlots(kommun, unused, day))
              .map(written -> new Prepared(mails, trends.result(), refused.size()));
        });
  }

  /** After a failed preparation: the slots it took are given back, since its rows are claimed again later. */
  private Future<Void> giveBack(String kommun, List<List<OutboxRow>> emails, Future<List<Boolean>> slots,
      LocalDate day) {
    if (slots.failed()) {
      return Future.succeededFuture();
    }
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < emails.size(); i++) {
      if (slots.result().get(i) && !emails.get(i).get(0).digest()) {
        taken.add(emails.get(i).get(0).recipient());
      }
    }
    return repository.returnSlots(kommun, taken, day).recover(e -> Future.succeededFuture());
  }

  private static Map<Long, CurrentAlert> alertsOf(List<OutboxRow> rows, Map<Long, CurrentAlert> alerts) {
    Map<Long, CurrentAlert> own = new HashMap<>();
    rows.forEach(row -> Optional.ofNullable(alerts.get(row.alertId())).ifPresent(a -> own.put(a.id(), a)));
    return own;
  }

  /** Asks alerting how each row's alert stands now and which rows are no longer true ({@link StaleNotices}). */
  private Future<Screened> screen(String kommun, List<OutboxRow> rows, Instant now) {
    Set<Long> alertIds = rows.stream().map(OutboxRow::alertId).collect(Collectors.toSet());
    Set<Long> endings = rows.stream().filter(r -> !StaleNotices.ALARMS.contains(r.kind())).map(OutboxRow::alertId)
        .collect(Collectors.toSet());
    Future<Map<Long, CurrentAlert>> current = alertStates.current(repository.sendingPool(), kommun, alertIds, now);
    Future<Map<Long, Set<String>>> told = repository.alarmsSent(kommun, endings);
    return Future.all(current, told).map(read -> {
      Map<OutboxRow, DropReason> dropped = new LinkedHashMap<>();
      for (OutboxRow row : rows) {
        boolean wasTold = told.result().getOrDefault(row.alertId(), Set.of())
            .contains(row.recipient().toLowerCase(Locale.ROOT));
        StaleNotices.reason(row.kind(), Optional.ofNullable(current.result().get(row.alertId())), wasTold)
            .ifPresent(reason -> dropped.put(row, reason));
      }
      return new Screened(current.result(), dropped);
    });
  }

  /** Marks the stale rows dropped and records each drop in its alert's audit trail. */
  private Future<Void> drop(String kommun, Map<OutboxRow, DropReason> dropped, UUID token, Instant now) {
    if (dropped.isEmpty()) {
      return Future.succeededFuture();
    }
    metrics.emails(OutboxState.DROPPED.code(), dropped.size());
    return repository.drop(kommun, dropped, token, now)
        .compose(v -> alertStates.dropped(repository.sendingPool(), kommun, notices(dropped), now)
            .recover(error -> {
              LOG.warn("Outbox rows {} dropped, but not recorded in their alerts' audit trail: {}",
                  dropped.keySet().stream().map(OutboxRow::id).toList(), error.getMessage());
              return Future.succeededFuture();
            }));
  }

  private static List<AlertStates.DroppedNotice> notices(Map<OutboxRow, DropReason> dropped) {
    Map<List<Object>, List<OutboxRow>> byNotice = new LinkedHashMap<>();
    dropped.forEach((row, reason) -> byNotice.computeIfAbsent(List.of(row.alertId(), row.kind(), row.recipient(),
        reason), key -> new ArrayList<>()).add(row));
    return byNotice.values().stream().map(rows -> {
      OutboxRow first = rows.get(0);
      return new AlertStates.DroppedNotice(first.alertId(), rows.stream().map(OutboxRow::id).toList(), first.kind(),
          first.recipient(), dropped.get(first));
    }).toList();
  }

  private void send(ClaimedMail mail, Map<MailComposer.SeriesKey, MailModel.SeriesHistory> trends) {
    inFlight++;
    composer.compose(mail, trends)
        .recover(error -> Future.failedFuture(new RenderingFailed(error)))
        .compose(out -> transport.send(out).map(out.messageId()))
        .compose(messageId -> delivered(mail, messageId), error -> failed(mail, error))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.error("Outbox rows {} could not be marked after sending: {}", mail.ids(), done.cause().getMessage());
          }
          inFlight--;
          if (idle != null && inFlight == 0) {
            idle.tryComplete();
          }
          wakeDeferred();
        });
  }

  private Future<Void> delivered(ClaimedMail mail, String messageId) {
    metrics.emails(transport.successOutcome(), 1);
    Instant now = clock.instant();
    long accepted = System.nanoTime();
    return persistently(() -> repository.delivered(mail, now, messageId, transport.successOutcome()), now)
        .compose(marked -> {
          metrics.emailMarked(Duration.ofNanos(System.nanoTime() - accepted));
          if (marked < mail.rows().size()) {
            LOG.warn("Email {} went out, but {} of its {} outbox rows had already been taken over by another instance",
                messageId, mail.rows().size() - marked, mail.rows().size());
          }
          if (!serverWasUnreachable) {
            return Future.succeededFuture();
          }
          serverWasUnreachable = false;
          return repository.retryUnreachableNow(now).map(pulled -> {
            if (pulled > 0) {
              wakeAgain = true;
              LOG.info("The mail server answers again: {} waiting email row(s) are retried now", pulled);
            }
            return null;
          });
        });
  }

  private Future<Void> failed(ClaimedMail mail, Throwable error) {
    SendFailure failure = error instanceof RenderingFailed rendering ? rendering.failure() : SendFailure.of(error);
    metrics.emails("failed", 1);
    if (failure.kind() == SendFailure.Kind.UNREACHABLE) {
      serverWasUnreachable = true;
    }
    Instant now = clock.instant();
    Instant retryAt = now.plus(retry.delayAfter(mail.maxAttempts(), ThreadLocalRandom.current().nextDouble()));
    return persistently(() -> repository.failed(mail, now, failure, retryAt, retry), now)
        .map(dead -> {
          wakeBy(retryAt);
          if (dead > 0) {
            metrics.emails(OutboxState.DEAD.code(), dead);
            LOG.error("Email to {} given up after attempt {} ({}): {} outbox row(s) are dead letters",
                mail.recipient(), mail.maxAttempts(), failure.kind().outcome(), dead);
          } else {
            LOG.warn("Email to {} failed ({}: {}); retry at {}", mail.recipient(), failure.kind().outcome(),
                failure.detail(), retryAt);
          }
          return null;
        });
  }

  /**
   * Marking after a send must not be lost to a short database outage: a lost "sent" would send the email again
   * once the claim expires. Retries every second for as long as a claim lasts.
   */
  private <T> Future<T> persistently(Supplier<Future<T>> write, Instant since) {
    Instant deadline = since.plus(lease);
    return write.get().recover(error -> {
      if (clock.instant().isAfter(deadline)) {
        return Future.failedFuture(error);
      }
      Promise<T> again = Promise.promise();
      vertx.setTimer(DATABASE_RETRY_MS, t -> persistently(write, since).onComplete(again));
      return again.future();
    });
  }

  private void schedule(Optional<Instant> due) {
    Instant safetyNet = clock.instant().plus(settings.safetyNetInterval());
    wakeBy(due.filter(at -> at.isBefore(safetyNet)).orElse(safetyNet));
  }

  /** Brings the timer forward to {@code at} unless it fires earlier anyway. */
  private void wakeBy(Instant at) {
    if (timer < 0 || at.isBefore(timerAt)) {
      setTimer(Math.max(MIN_TIMER_MS, Duration.between(clock.instant(), at).toMillis()));
    }
  }

  private void setTimer(long delayMs) {
    cancelTimer();
    if (!stopped) {
      timerAt = clock.instant().plusMillis(delayMs);
      timer = vertx.setTimer(delayMs, id -> {
        timer = -1;
        timerAt = Instant.MAX;
        wake();
      });
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      timerAt = Instant.MAX;
    }
  }

  /** A template or data problem: no retry can fix it, so it counts as a refusal. */
  private static final class RenderingFailed extends RuntimeException {
    RenderingFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }

    SendFailure failure() {
      return new SendFailure(SendFailure.Kind.PERMANENT, "the email could not be rendered: " + getMessage());
    }
  }
}
