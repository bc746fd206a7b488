-- Maintenance windows: times during which chosen monitors (by id, or by any of their tags) are still checked but
-- neither change status nor run reactions. A window happens once (starts_at to ends_at), on a cron schedule (cron, a
-- Spring cron expression of six fields, each occurrence lasting duration_minutes) or weekly (the ISO days of week in
-- weekdays, 1 = Monday, at start_time for duration_minutes); times of a recurring window are read in time_zone.
-- MaintenanceLimits gives the numbers the CHECKs repeat.
create table maintenance_windows (
    id               bigserial primary key,
    team_id          bigint       not null references teams (id) on delete cascade,
    name             varchar(120) not null,
    kind             varchar(10)  not null check (kind in ('ONCE', 'CRON', 'WEEKLY')),
    time_zone        varchar(64)  not null,
    starts_at        timestamptz,
    ends_at          timestamptz,
    cron             varchar(120),
    weekdays         integer[],
    start_time       time,
    duration_minutes integer check (duration_minutes between 1 and 44640),
    tags             varchar(40)[] not null default '{}',
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint maintenance_windows_once check (kind <> 'ONCE' or (starts_at is not null and ends_at > starts_at)),
    constraint maintenance_windows_cron check (kind <> 'CRON' or (cron is not null and duration_minutes is not null)),
    constraint maintenance_windows_weekly check (kind <> 'WEEKLY'
        or (cardinality(weekdays) between 1 and 7 and start_time is not null and duration_minutes is not null)),
    constraint maintenance_windows_tags_most check (cardinality(tags) <= 20)
);
create index maintenance_windows_team on maintenance_windows (team_id);

-- The monitors a window names; a deleted monitor leaves the windows that named it.
create table maintenance_window_monitors (
    window_id  bigint not null references maintenance_windows (id) on delete cascade,
    monitor_id bigint not null references monitors (id) on delete cascade,
    primary key (window_id, monitor_id)
);
create index maintenance_window_monitors_monitor on maintenance_window_monitors (monitor_id);
