-- Why a transition happened: the result that made it and the quorum decision (each zone's vote, the counts, the
-- rule and its thresholds), as the fold saw them. Reaction jobs keep theirs in reaction_jobs.explanation (V29).
alter table events add column explanation jsonb;

-- Shadow mode: the team's reactions are decided and recorded as WOULD_RUN, with what they would have done, and
-- nothing acts.
alter table teams add column shadow_mode boolean not null default false;
