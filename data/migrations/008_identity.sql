-- Learners across machines. Each learner gets a random id made once (an
-- import matches learners by it, never by name alone), an Ed25519 key
-- (the secret only in the learner's own database; an instructor's
-- database pins the public key of the first file it imports, trust on
-- first use), and the fields gradebooks import by.
ALTER TABLE learner ADD COLUMN uid TEXT;
UPDATE learner SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX learner_by_uid ON learner (uid);
ALTER TABLE learner ADD COLUMN email TEXT;
ALTER TABLE learner ADD COLUMN id_number TEXT;
ALTER TABLE learner ADD COLUMN section TEXT;
-- The key of the first review file taken in for the learner: later ones
-- must be signed by it (trust on first use, as for learners' keys).
ALTER TABLE learner ADD COLUMN reviewer TEXT;

CREATE TABLE learner_key (
  learner_id INTEGER PRIMARY KEY REFERENCES learner(id) ON DELETE CASCADE,
  public TEXT NOT NULL,
  secret TEXT,
  since TEXT NOT NULL
);

-- The database's own key, which signs what its user writes as an
-- instructor (review files).
CREATE TABLE own_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public TEXT NOT NULL,
  secret TEXT NOT NULL
);

-- Study history that travels: every answer, by a random id, so that two
-- machines' answers merge as a union and each card's schedule is worked
-- out again from its answers in order.
ALTER TABLE study_session ADD COLUMN uid TEXT;
UPDATE study_session SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX study_session_by_uid ON study_session (learner_id, uid);
CREATE TABLE study_review (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  card_id TEXT NOT NULL,
  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
  first_try INTEGER NOT NULL CHECK (first_try IN (0, 1)),
  session_uid TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (learner_id, uid)
) WITHOUT ROWID;
CREATE INDEX study_review_by_card ON study_review (learner_id, card_id, at);
