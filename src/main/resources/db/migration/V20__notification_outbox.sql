-- Emails caused by alert transitions. A row is written in the same transaction as the transition, so a mail can be
-- neither lost nor invented; the senders of every instance drain it with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  dedupe_key      text        NOT NULL UNIQUE,
  recipient       text        NOT NULL,
  role            text        NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('firing', 'resolved', 'reminder', 'escalation', 'missing-report')),
  alert_id        bigint      NOT NULL,
  org_unit        text        NOT NULL,
  facts           jsonb       NOT NULL,
  state           text        NOT NULL DEFAULT 'pending'
                              CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'folded')),
  -- every claim for sending; rejections only counts answers of the SMTP server refusing the message
  attempts        integer     NOT NULL DEFAULT 0,
  rejections      integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- created_at + grouping window: the recipient's email waits for more rows until then
  not_before      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  claim_token     uuid,
  lease_until     timestamptz,
  -- folded by the daily cap: goes out in the recipient's digest at digest_due_at
  digest          boolean     NOT NULL DEFAULT false,
  digest_due_at   timestamptz,
  sent_at         timestamptz,
  message_id      text,
  last_outcome    text,
  last_error      text,
  CHECK (state <> 'sending' OR (claim_token IS NOT NULL AND lease_until IS NOT NULL)),
  CHECK (state <> 'folded' OR digest_due_at IS NOT NULL)
);

-- only unfinished rows are searched by the senders; sent and dead rows stay for the API and the audit
CREATE INDEX outbox_open_by_recipient ON outbox (recipient, id) WHERE state IN ('pending', 'sending', 'folded');
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_by_state ON outbox (state, id);
CREATE INDEX outbox_by_claim ON outbox (claim_token) WHERE claim_token IS NOT NULL;

-- one row per delivery attempt of an outbox row (a grouped email records one attempt on each of its rows)
CREATE TABLE notification_attempt (
  id           bigserial   PRIMARY KEY,
  outbox_id    bigint      NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL,
  outcome      text        NOT NULL
               CHECK (outcome IN ('sent', 'written', 'temporary-failure', 'permanent-failure', 'unreachable', 'folded')),
  error        text,
  message_id   text
);
CREATE INDEX notification_attempt_by_outbox ON notification_attempt (outbox_id, id);

-- emails per recipient and local day, taken atomically at claim time so that several instances share one cap
CREATE TABLE notification_daily_count (
  recipient text    NOT NULL,
  day       date    NOT NULL,
  emails    integer NOT NULL,
  PRIMARY KEY (recipient, day)
);
