-- The learner as the instructor's LMS knows them, this database's own
-- (never exported nor signed: a learner cannot set it): the Canvas user
-- id (digits; Canvas's gradebook import looks it up first) and the login
-- (Canvas's SIS Login ID, when it is not the email).
ALTER TABLE learner ADD COLUMN canvas_id TEXT;
ALTER TABLE learner ADD COLUMN login TEXT;
-- The file an import last took the learner's progress from (its name), so
-- that another file holding the same learner says whose it is.
ALTER TABLE learner ADD COLUMN source TEXT;
-- A learner's key replaced on purpose (a lost machine: `learner
-- accept-key`), never silently: the old and new id and key, the file that
-- brought the new one, when, and the last event here before it (the file
-- of the new key need not hold what came before).
CREATE TABLE key_change (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  old_uid TEXT,
  old_key TEXT,
  new_uid TEXT NOT NULL,
  new_key TEXT NOT NULL,
  file TEXT NOT NULL,
  at TEXT NOT NULL,
  after_event INTEGER NOT NULL DEFAULT 0
);
