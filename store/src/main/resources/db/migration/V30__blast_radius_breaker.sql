-- The blast-radius breaker: a trip is open while too much of a team (team_id), or of everything (team_id null),
-- failed at once, too many disruptive runs came in a short time, or CloudRoutes' own checkers look broken. While a
-- trip is open its scope's disruptive runs are held. calm_since: since when its condition no longer holds (it closes
-- after a whole window of calm); notified_at: its one notice was sent. Times come from the application's clock.
create table safeguard_trips (
    id          bigserial primary key,
    team_id     bigint      references teams (id) on delete cascade,
    kind        varchar(20) not null check (kind in ('FAILED_SHARE', 'DISRUPTIVE_RUNS', 'CHECKERS')),
    reason      text        not null,
    opened_at   timestamptz not null,
    calm_since  timestamptz,
    closed_at   timestamptz,
    notified_at timestamptz
);
-- one open trip per scope and kind: opening is an insert that at most one actioner makes
create unique index safeguard_trips_one_open on safeguard_trips (coalesce(team_id, 0), kind) where closed_at is null;
create index safeguard_trips_opened on safeguard_trips (opened_at desc);

-- A team's own breaker limits; null: the operator's default (CLOUDROUTES_SAFEGUARDS_*).
alter table teams
    add column breaker_share_percent   smallint check (breaker_share_percent between 1 and 100),
    add column breaker_window_seconds  integer  check (breaker_window_seconds between 10 and 86400),
    add column breaker_disruptive_runs integer  check (breaker_disruptive_runs between 1 and 10000),
    add column breaker_runs_minutes    integer  check (breaker_runs_minutes between 1 and 1440);

-- A disruptive run's first step waits this long (on the application's clock) before it may be claimed, so that the
-- breaker sees a whole wave of failures before the first failover of the wave runs.
alter table reaction_jobs add column settle_until timestamptz;
