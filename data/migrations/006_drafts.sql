-- What was being typed in the tutor's note or name editor and not saved
-- (cancelled with Esc or ^C, or the tutor ended by a signal): offered again
-- when that editor reopens, so that nothing typed is lost. kind is 'note'
-- (target: the item id) or 'learner' (target: '').
CREATE TABLE draft (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('note', 'learner')),
  target TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, kind, target)
) WITHOUT ROWID;
