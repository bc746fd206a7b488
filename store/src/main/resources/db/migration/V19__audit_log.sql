-- What members did in a team, for its owners and admins: who created, changed, deleted, held or test-ran what, when,
-- from which address. Rows name the actor and the thing as they were called then (the account or the thing may be
-- gone later). Kept for cloudroutes.retention.audit-days, then deleted by the actioner's daily clean-up.
create table audit_events (
    id          bigserial primary key,
    team_id     bigint       not null references teams (id) on delete cascade,
    actor_id    bigint       references users (id) on delete set null,
    actor       varchar(300) not null,
    action      varchar(40)  not null,
    target_type varchar(20)  not null,
    target_id   bigint,
    target_name varchar(200),
    details     varchar(1000),
    address     varchar(64),
    occurred_at timestamptz  not null default now()
);
create index audit_events_team on audit_events (team_id, occurred_at desc, id desc);
create index audit_events_age on audit_events (occurred_at);
