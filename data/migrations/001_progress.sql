-- Learners and their progress. Times are UTC, ISO 8601 with milliseconds
-- ("2026-11-20T21:55:50.123Z"), so that text order is time order.
CREATE TABLE learner (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- The checked state of a checklist item, a mistake confirmed avoided or a
-- criterion attested. text_hash is the hash of the text the learner
-- confirmed: when the pack's text changes, the state is stale. Rows for ids
-- the pack no longer has are kept (orphans), never deleted.
CREATE TABLE state (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('item', 'mistake', 'criterion')),
  done INTEGER NOT NULL CHECK (done IN (0, 1)),
  text_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, item_id)
) WITHOUT ROWID;

-- One evidence note per learner and item.
CREATE TABLE note (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, item_id)
) WITHOUT ROWID;

-- Every change, in order: who, what, old -> new, when. Never updated.
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('done', 'note')),
  old TEXT,
  new TEXT,
  text_hash TEXT,
  at TEXT NOT NULL
);
CREATE INDEX event_by_learner ON event (learner_id, id);
CREATE TRIGGER event_is_append_only BEFORE UPDATE ON event
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
