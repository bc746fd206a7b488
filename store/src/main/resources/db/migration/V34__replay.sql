-- Replay: what a proposed reaction configuration would have done over a monitor's stored history, decided by the
-- same fold and the same reaction policy as the live actioner (docs/trust.md, "Replay").

-- What replay needs of each folded result to decide as the live fold did: the fold's own time (Redis' clock, which
-- judged which zones voted; results of several zones arrive out of order, so history is replayed in this order), the
-- result's id (a transition's id names its episode) and the results that did not vote (a zone that could not reach
-- its canary). Abstaining rows say nothing of the target: uptime, roll-ups and charts leave them out. Rows written
-- before this version have no fold time and no id; replay takes the check's time and a stand-in for them.
alter table check_results
    add column folded_at  timestamptz,
    add column result_id  varchar(100),
    add column abstaining boolean not null default false;

-- A replay asked for in crweb and carried out by an actioner: the monitor, how many days back, and the proposed
-- reaction's fields (never saved as a reaction). An actioner claims a PENDING row (for update skip locked), replays,
-- and writes the decisions and the summary.
create table replay_requests (
    id                      bigint generated always as identity primary key,
    team_id                 bigint       not null references teams (id) on delete cascade,
    monitor_id              bigint       not null references monitors (id) on delete cascade,
    requested_by            varchar(320) not null,
    requested_at            timestamptz  not null,
    days                    int          not null check (days between 1 and 366),
    reaction_id             bigint,
    reaction_name           varchar(200) not null,
    reaction_type           varchar(100) not null,
    call_on                 varchar(7)   not null check (call_on in ('FAILED', 'HEALTHY', 'BOTH')),
    trigger_count           int          not null check (trigger_count between 1 and 1000),
    frequency_seconds       int          not null check (frequency_seconds between 0 and 604800),
    escalation_step         int          not null check (escalation_step between 1 and 20),
    escalation_wait_seconds int          not null check (escalation_wait_seconds between 0 and 86400),
    state                   varchar(8)   not null default 'PENDING' check (state in ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    claimed_by              varchar(200),
    claimed_until           timestamptz,
    history_from            timestamptz,
    history_to              timestamptz,
    results_replayed        int,
    finished_at             timestamptz,
    error                   text
);
create index replay_requests_pending on replay_requests (requested_at) where state in ('PENDING', 'RUNNING');
create index replay_requests_monitor on replay_requests (monitor_id, requested_at desc);

-- Each run the proposed reaction would have made: when, for which episode, at which escalation step, the transition
-- and its reason, and whether it would have run or been skipped (and why).
create table replay_decisions (
    id          bigint generated always as identity primary key,
    request_id  bigint       not null references replay_requests (id) on delete cascade,
    at          timestamptz  not null,
    episode     varchar(200) not null,
    step        int          not null,
    from_status varchar(7)   not null,
    to_status   varchar(7)   not null,
    held_for    int          not null,
    reason      text         not null,
    would_run   boolean      not null,
    skip_reason text
);
create index replay_decisions_request on replay_decisions (request_id, at, id);
