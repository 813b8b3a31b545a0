-- The learner as the instructor's LMS knows them, this database's own
-- (never exported nor signed: a learner cannot set it): the Canvas user
-- id (digits; Canvas's gradebook import looks it up first) and the login
-- (Canvas's SIS Login ID, when it is not the email).
ALTER TABLE learner ADD COLUMN canvas_id TEXT;
ALTER TABLE learner ADD COLUMN login TEXT;
-- The file an import last took the learner's progress from (its name), so
-- that another file holding the same learner says whose it is.
ALTER TABLE learner ADD COLUMN source TEXT;
