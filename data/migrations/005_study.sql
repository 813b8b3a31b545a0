-- Study mode's schedule needs to know when each card was first asked (the
-- daily limit on new cards) and last answered (a second answer the same
-- day does not push the schedule further).
ALTER TABLE study_card ADD COLUMN introduced_at TEXT;
ALTER TABLE study_card ADD COLUMN last_at TEXT;
CREATE INDEX study_session_by_learner ON study_session (learner_id, id);
