-- Room for study mode (spaced repetition): the schedule per learner and
-- card, and the sessions.
CREATE TABLE study_card (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  ease REAL NOT NULL,
  interval_days REAL NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  due TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, card_id)
) WITHOUT ROWID;

CREATE TABLE study_session (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  cards INTEGER NOT NULL DEFAULT 0,
  first_try INTEGER NOT NULL DEFAULT 0
);
