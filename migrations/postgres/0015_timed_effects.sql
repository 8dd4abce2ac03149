-- The law's own effects (issue 13): silence-consent (art. 20 L. 241/1990) accepts an undecided
-- request once its term runs out; the scheduler applies it, as the System, from any open state the
-- clock runs in. (An unanswered integration request's lapse is the existing integrationRequested ->
-- inReview edge.) tests/tests/integration/roles_policy.rs checks this list against the domain.
INSERT INTO workflow_transitions (from_state, to_state) VALUES
    ('received', 'approvedBySilence'), ('inReview', 'approvedBySilence'),
    ('noticeSent', 'approvedBySilence');

-- The scheduler looks for integration requests still waiting for an answer.
CREATE INDEX suspensions_waiting ON suspensions (kind, from_date)
    WHERE answered_on IS NULL AND ended_on IS NULL;

-- Art. 10-bis: the ten days for observations count from the day the citizen *received* the notice
-- (the portal's sent_at, a PEC delivery receipt, a signature at the counter); NULL until known.
ALTER TABLE suspensions ADD COLUMN received_on DATE;

-- Art. 21-nonies: an acceptance (express or by silence) may be annulled by the office itself.
INSERT INTO workflow_transitions (from_state, to_state) VALUES
    ('approved', 'annulled'), ('approvedBySilence', 'annulled');
