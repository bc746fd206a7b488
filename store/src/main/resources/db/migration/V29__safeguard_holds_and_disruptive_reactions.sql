-- Safeguards: a run a safeguard stops is HELD (it waits for a person or a condition), a run in shadow mode is
-- WOULD_RUN (evaluated, not acted).
alter table reaction_runs drop constraint reaction_runs_outcome_check;
alter table reaction_runs add constraint reaction_runs_outcome_check
    check (outcome in ('EXECUTED', 'LOGGED', 'SKIPPED', 'FAILED', 'HELD', 'WOULD_RUN'));
alter table reaction_attempts drop constraint reaction_attempts_outcome_check;
alter table reaction_attempts add constraint reaction_attempts_outcome_check
    check (outcome in ('EXECUTED', 'LOGGED', 'SKIPPED', 'FAILED', 'HELD', 'WOULD_RUN'));

-- Whether a reaction's runs are disruptive (may take a service down on a false alarm); null: as its type says.
alter table reactions add column disruptive boolean;

-- A held job stays unfinished and unclaimable (not_before 'infinity') until it is released: by a person
-- (released_by) or by the safeguard's own watcher once its condition passed; hold_until is when the safeguard means
-- to look again or give up (its watcher's business, on the application's clock). explanation: why the run ran, was
-- held or skipped.
alter table reaction_jobs
    add column held_kind   varchar(16) check (held_kind in ('BREAKER', 'FLAPPING', 'APPROVAL')),
    add column held_reason text,
    add column held_at     timestamptz,
    add column hold_until  timestamptz,
    add column released_by varchar(120),
    add column released_at timestamptz,
    add column explanation jsonb,
    add constraint reaction_jobs_held_has_reason check ((held_kind is null) = (held_reason is null));
-- the runs held now, for the people who release them and the watchers that do
create index reaction_jobs_safeguard_held on reaction_jobs (monitor_id, held_at) where held_kind is not null and finished_at is null;
