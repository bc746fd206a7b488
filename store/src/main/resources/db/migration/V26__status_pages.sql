-- Public status pages: a team publishes chosen monitors, in groups, at /status/{slug} (and optionally at a host name
-- of its own), with incident notes it writes and updates. The lengths and counts repeat core's StatusPageLimits.
create table status_pages (
    id            bigserial primary key,
    team_id       bigint        not null references teams (id) on delete cascade,
    slug          varchar(60)   not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title         varchar(120)  not null,
    description   varchar(1000) not null default '',
    custom_domain varchar(253),
    time_zone     varchar(64)   not null default 'UTC',
    published     boolean       not null default false,
    created_at    timestamptz   not null default now(),
    updated_at    timestamptz   not null default now()
);
-- a slug and a custom domain name one page among all teams: the public address must not be ambiguous
create unique index status_pages_slug on status_pages (slug);
create unique index status_pages_custom_domain on status_pages (custom_domain) where custom_domain is not null;
create index status_pages_team on status_pages (team_id, slug);

create table status_page_groups (
    id       bigserial primary key,
    page_id  bigint      not null references status_pages (id) on delete cascade,
    name     varchar(80) not null,
    position int         not null
);
create index status_page_groups_page on status_page_groups (page_id, position);

-- deleting a monitor takes it off every page; that it shows once per page, and only on its own team's pages, the
-- application checks when the page is saved
create table status_page_monitors (
    group_id   bigint not null references status_page_groups (id) on delete cascade,
    monitor_id bigint not null references monitors (id) on delete cascade,
    position   int    not null,
    primary key (group_id, monitor_id)
);
create index status_page_monitors_monitor on status_page_monitors (monitor_id);

create table status_incidents (
    id          bigserial primary key,
    page_id     bigint       not null references status_pages (id) on delete cascade,
    title       varchar(200) not null,
    state       varchar(20)  not null check (state in ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED')),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    resolved_at timestamptz
);
create index status_incidents_page on status_incidents (page_id, created_at desc);

-- an incident's timeline: each update says the state it moved to and what is known, in plain text
create table status_incident_updates (
    id          bigserial primary key,
    incident_id bigint        not null references status_incidents (id) on delete cascade,
    state       varchar(20)   not null check (state in ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED')),
    body        varchar(5000) not null,
    created_at  timestamptz   not null
);
create index status_incident_updates_incident on status_incident_updates (incident_id, created_at);
