-- What the tutor has shown a learner once and is not to show again (the
-- first run's welcome: what 'welcome'), remembered per learner.
CREATE TABLE seen (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  what TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (learner_id, what)
) WITHOUT ROWID;
