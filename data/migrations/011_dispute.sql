-- Disputes. The event log takes a fifth field, "dispute": the learner's
-- answer to a probe that contradicts a tick, logged (and hash-chained,
-- undone, exported) like a note. SQLite cannot change a CHECK constraint
-- in place, so the table is rebuilt with the same rows, indexes and
-- trigger; the evidence index now serves the disputes read with it.
CREATE TABLE event_new (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('done', 'note', 'evidence', 'review', 'dispute')),
  old TEXT,
  new TEXT,
  text_hash TEXT,
  at TEXT NOT NULL,
  batch INTEGER,
  undoes INTEGER,
  old_hash TEXT,
  prev TEXT,
  hash TEXT
);
INSERT INTO event_new (id, learner_id, item_id, field, old, new, text_hash,
                       at, batch, undoes, old_hash, prev, hash)
  SELECT id, learner_id, item_id, field, old, new, text_hash, at, batch,
         undoes, old_hash, prev, hash FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_by_learner ON event (learner_id, id);
CREATE INDEX event_by_batch ON event (learner_id, batch);
CREATE INDEX event_by_undoes ON event (learner_id, undoes);
CREATE INDEX event_by_time ON event (learner_id, at);
CREATE INDEX event_evidence ON event (learner_id, id)
  WHERE field IN ('evidence', 'dispute');
CREATE INDEX event_review ON event (learner_id, id) WHERE field = 'review';
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

-- The tutor's dispute editor keeps its drafts as the note editor does
-- (kind 'dispute', target: the entry id).
CREATE TABLE draft_new (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('note', 'learner', 'dispute')),
  target TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, kind, target)
) WITHOUT ROWID;
INSERT INTO draft_new SELECT learner_id, kind, target, text, updated_at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_new RENAME TO draft;
