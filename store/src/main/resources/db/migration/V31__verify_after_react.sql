-- Verify after react: a reaction may say within how many seconds its monitor must recover after a run on a failure
-- (null: no such check).
alter table reactions add column verify_within_seconds integer
    check (verify_within_seconds between 10 and 86400);

-- The checks of an executed run that it took effect, one per kind: RECOVERY (the monitor recovers before due_at),
-- REACTION (the reaction's own look at its target: the server's state, the record's answer, at due_at). due_at comes
-- from the application's clock, as an absolute time. An actioner resolves each once: the update that sets the outcome
-- is conditional on there being none yet.
create table reaction_verifications (
    id            bigserial    primary key,
    job_id        bigint       not null references reaction_jobs (id) on delete cascade,
    run_id        bigint       references reaction_runs (id) on delete cascade,
    monitor_id    bigint       not null references monitors (id) on delete cascade,
    kind          varchar(16)  not null check (kind in ('RECOVERY', 'REACTION')),
    planned_at    timestamptz  not null,
    due_at        timestamptz  not null,
    outcome       varchar(8)   check (outcome in ('PASSED', 'FAILED')),
    detail        text,
    resolved_at   timestamptz,
    -- what the escalation did about the outcome, for the run log ("step 2 due at once", "step 2 not run")
    escalation    text,
    unique (job_id, kind),
    constraint reaction_verifications_resolved check ((outcome is null) = (resolved_at is null))
);
create index reaction_verifications_due on reaction_verifications (due_at) where outcome is null;
create index reaction_verifications_run on reaction_verifications (run_id);
create index reaction_verifications_monitor on reaction_verifications (monitor_id) where outcome is null;
