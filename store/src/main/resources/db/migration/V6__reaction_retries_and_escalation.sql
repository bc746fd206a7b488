-- Each reaction has its own time budget and retries transient failures within it, and may be a later step of an
-- escalation: it runs only after the monitor's earlier steps ran, a wait passed, and the monitor still has the status.
alter table reactions
    add column timeout_seconds         int not null default 30 check (timeout_seconds between 1 and 600),
    add column max_attempts            int not null default 3 check (max_attempts between 1 and 10),
    add column escalation_step         int not null default 1 check (escalation_step between 1 and 20),
    add column escalation_wait_seconds int not null default 0 check (escalation_wait_seconds between 0 and 86400);

-- A run is made of attempts; a restore run undoes what the reaction did on failure.
alter table reaction_runs
    add column attempts int     not null default 1,
    add column restore  boolean not null default false;

create table reaction_attempts (
    id          bigserial primary key,
    run_id      bigint      not null references reaction_runs (id) on delete cascade,
    attempt     int         not null,
    outcome     varchar(10) not null check (outcome in ('EXECUTED', 'SKIPPED', 'FAILED')),
    retryable   boolean     not null,
    output      text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null
);
create index reaction_attempts_run on reaction_attempts (run_id, attempt);
