-- Tamper evidence: each event carries the hash of its content and of the
-- learner's previous event (selfgrade/digest.h says what is hashed). Rows
-- written before this step get theirs in the same transaction (store.c,
-- chain_old_rows); after that a row's hash is never changed again, and no
-- other column ever.
ALTER TABLE event ADD COLUMN prev TEXT;
ALTER TABLE event ADD COLUMN hash TEXT;
DROP TRIGGER event_is_append_only;
CREATE TRIGGER event_is_append_only BEFORE UPDATE ON event
WHEN OLD.hash IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.learner_id IS NOT OLD.learner_id
  OR NEW.item_id IS NOT OLD.item_id OR NEW.field IS NOT OLD.field
  OR NEW.old IS NOT OLD.old OR NEW.new IS NOT OLD.new
  OR NEW.text_hash IS NOT OLD.text_hash OR NEW.at IS NOT OLD.at
  OR NEW.batch IS NOT OLD.batch OR NEW.undoes IS NOT OLD.undoes
  OR NEW.old_hash IS NOT OLD.old_hash
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
-- A learner's last activity, for reports, without reading the whole log.
CREATE INDEX event_by_time ON event (learner_id, at);
