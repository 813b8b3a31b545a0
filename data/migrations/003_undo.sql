-- Undo from the event log. A change that touches several ids at once (a
-- parent item ticks all its sub-items) is one batch: its first event has
-- batch NULL and the rest name that event's id, so COALESCE(batch, id)
-- identifies the batch of any row, old rows included. An undo is a batch
-- of its own whose rows name, in `undoes`, the batch they revert.
-- old_hash is the text hash a state confirmed before the change, so that
-- an undo puts a stale tick back stale.
ALTER TABLE event ADD COLUMN batch INTEGER;
ALTER TABLE event ADD COLUMN undoes INTEGER;
ALTER TABLE event ADD COLUMN old_hash TEXT;
CREATE INDEX event_by_batch ON event (learner_id, batch);
CREATE INDEX event_by_undoes ON event (learner_id, undoes);
