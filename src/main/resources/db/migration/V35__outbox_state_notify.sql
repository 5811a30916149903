-- Every statement that moves outbox rows to another state (claimed, sent, failed, dead, folded, taken over) announces
-- it on its own channel, so that every instance's outbox gauges follow a delivery at once instead of at the next
-- periodic refresh. A channel of its own: the senders listen to indikatorvakt_outbox for new mail, and a delivery
-- must not wake them. Statements that change no row's state (an empty claim, a retry time moved) stay silent.
CREATE FUNCTION outbox_state_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows n JOIN previous_rows o ON o.id = n.id WHERE n.state IS DISTINCT FROM o.state)
  THEN
    PERFORM pg_notify('indikatorvakt_outbox_state', '');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER outbox_state_changed
  AFTER UPDATE ON outbox
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_state_changed();
