-- What every report and tutor reload reads for each learner, found by
-- index rather than by walking or sorting:
-- the learner's evidence and instructor reviews (most logs hold none;
-- partial, so that a tick or a note writes no extra entry),
CREATE INDEX event_evidence ON event (learner_id, id) WHERE field = 'evidence';
CREATE INDEX event_review ON event (learner_id, id) WHERE field = 'review';
-- and the study sessions and answers in the order they are read in.
CREATE INDEX study_session_by_time ON study_session (learner_id, started_at, uid);
CREATE INDEX study_review_by_time ON study_review (learner_id, at, uid);
