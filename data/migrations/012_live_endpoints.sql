-- The live sources `selfgrade probe` asked last, per learner (--connect,
-- --pg, --mysql, --kafka, --flink, --prometheus; source is the option's
-- name without its dashes): the next run without one, and the tutor's P,
-- ask them again. The URL is kept without its password, always.
CREATE TABLE probe_live (
  learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, source)
);
