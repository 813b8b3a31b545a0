-- A learner's evidence and instructor reviews, found without walking the
-- whole log: every report and tutor reload asks for both, and most logs
-- hold none. Partial, so that a tick or a note writes no extra entry.
CREATE INDEX event_evidence ON event (learner_id, id) WHERE field = 'evidence';
CREATE INDEX event_review ON event (learner_id, id) WHERE field = 'review';
