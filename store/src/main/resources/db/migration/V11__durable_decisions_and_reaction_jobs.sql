-- Durable decisions: a transition and the reaction runs it calls for are written idempotently, keyed by the monitor
-- and its episode (the id of the result that began it), so that a decision drained twice inserts nothing twice.
alter table events add column episode text;
create unique index events_monitor_episode on events (monitor_id, episode);

-- A reaction run to do: claimed by one actioner at a time with a lease, retried later with a not-before time, kept
-- until it is finished (succeeded, failed out of its retries, or skipped). A restore is a job too.
create table reaction_jobs (
    id               bigserial primary key,
    monitor_id       bigint       not null references monitors (id) on delete cascade,
    reaction_id      bigint       not null references reactions (id) on delete cascade,
    event_id         bigint       references events (id) on delete set null,
    episode          text         not null,
    kind             varchar(10)  not null check (kind in ('RUN', 'RESTORE')),
    escalation_step  int          not null default 1,
    to_status        varchar(10)  not null check (to_status in ('FAILED', 'HEALTHY')),
    held_for         int          not null,
    change           text         not null,
    source_job_id    bigint       references reaction_jobs (id) on delete set null,
    restored_in      text,
    not_before       timestamptz  not null default now(),
    lease_owner      varchar(120),
    lease_until      timestamptz,
    admitted_at      timestamptz,
    skip_reason      text,
    attempts         int          not null default 0,
    first_started_at timestamptz,
    run_id           bigint       references reaction_runs (id) on delete set null,
    outcome          varchar(10),
    created_at       timestamptz  not null default now(),
    finished_at      timestamptz,
    unique (monitor_id, episode, reaction_id, kind)
);
-- what any actioner claims next
create index reaction_jobs_due on reaction_jobs (not_before, id) where finished_at is null;
-- the restore set: what acted on the monitor's failure and was not undone yet
create index reaction_jobs_monitor on reaction_jobs (monitor_id, reaction_id, id);
create index reaction_jobs_finished on reaction_jobs (finished_at) where finished_at is not null;

-- An attempt is kept as soon as it is made, with its job, so that a retry on another actioner continues the count;
-- it joins its run when the job finishes.
alter table reaction_attempts alter column run_id drop not null;
alter table reaction_attempts add column job_id bigint references reaction_jobs (id) on delete set null;
create index reaction_attempts_job on reaction_attempts (job_id, attempt);
create index reaction_attempts_started on reaction_attempts (started_at);
create index reaction_runs_started on reaction_runs (started_at);
create index events_occurred on events (occurred_at);
