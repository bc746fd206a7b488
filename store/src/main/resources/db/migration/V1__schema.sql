-- CloudRoutes schema: accounts, monitors, reactions, the outbox that feeds Redis, and history.

create table users (
    id            bigserial primary key,
    email         varchar(254) not null,
    password_hash varchar(100) not null,
    created_at    timestamptz  not null default now()
);
create unique index users_email_unique on users (lower(email));

create table monitors (
    id                bigserial primary key,
    owner_id          bigint       not null references users (id) on delete cascade,
    name              varchar(120) not null,
    check_type        varchar(40)  not null,
    settings          text         not null default '{}',
    interval_seconds  int          not null check (interval_seconds between 1 and 86400),
    timeout_seconds   int          not null check (timeout_seconds between 1 and 300),
    fail_threshold    int          not null default 2 check (fail_threshold between 1 and 100),
    recover_threshold int          not null default 1 check (recover_threshold between 1 and 100),
    enabled           boolean      not null default true,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now()
);
create index monitors_owner on monitors (owner_id, name);

create table reactions (
    id                bigserial primary key,
    owner_id          bigint       not null references users (id) on delete cascade,
    name              varchar(120) not null,
    reaction_type     varchar(40)  not null,
    settings          text         not null default '{}',
    call_on           varchar(10)  not null check (call_on in ('FAILED', 'HEALTHY')),
    trigger_count     int          not null default 1 check (trigger_count between 1 and 1000),
    frequency_seconds int          not null default 0 check (frequency_seconds between 0 and 604800),
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now()
);
create index reactions_owner on reactions (owner_id, name);

create table monitor_reactions (
    monitor_id  bigint not null references monitors (id) on delete cascade,
    reaction_id bigint not null references reactions (id) on delete cascade,
    primary key (monitor_id, reaction_id)
);
create index monitor_reactions_reaction on monitor_reactions (reaction_id);

-- Written in the same transaction as a monitor change; the bridge applies and deletes entries.
-- No foreign key: a DELETE entry must outlive its monitor.
create table outbox (
    id         bigserial primary key,
    monitor_id bigint      not null,
    operation  varchar(10) not null check (operation in ('UPSERT', 'DELETE')),
    created_at timestamptz not null default now()
);

create table events (
    id          bigserial primary key,
    monitor_id  bigint      not null references monitors (id) on delete cascade,
    from_status varchar(10) not null,
    to_status   varchar(10) not null,
    reason      text        not null,
    zone        varchar(64),
    occurred_at timestamptz not null
);
create index events_monitor_time on events (monitor_id, occurred_at desc);

create table reaction_runs (
    id            bigserial primary key,
    monitor_id    bigint       not null references monitors (id) on delete cascade,
    reaction_id   bigint       references reactions (id) on delete set null,
    reaction_name varchar(120) not null,
    event_id      bigint       references events (id) on delete set null,
    outcome       varchar(10)  not null check (outcome in ('EXECUTED', 'SKIPPED', 'FAILED')),
    output        text         not null,
    started_at    timestamptz  not null,
    finished_at   timestamptz  not null
);
create index reaction_runs_monitor_time on reaction_runs (monitor_id, started_at desc);
