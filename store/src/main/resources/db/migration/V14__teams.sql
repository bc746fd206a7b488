-- Teams own what people configure. Every account has a personal team (made with the account, by the trigger below,
-- whatever creates the account) and may be a member of shared teams with one role in each. Monitors, reactions and
-- API keys belong to a team; their owner_id stays the account that made them: sealed secret settings are bound to
-- it (SecretScope), so it never changes, and an API key acts as that member.

create table teams (
    id          bigserial primary key,
    name        varchar(100) not null,
    -- the account whose personal team this is; null for a shared team
    personal_of bigint       unique references users (id) on delete cascade,
    created_at  timestamptz  not null default now()
);

create table team_members (
    team_id   bigint      not null references teams (id) on delete cascade,
    user_id   bigint      not null references users (id) on delete cascade,
    role      varchar(10) not null check (role in ('OWNER', 'ADMIN', 'EDITOR', 'VIEWER')),
    -- receives the mails of email reactions addressed to the team's on-call members
    on_call   boolean     not null default false,
    joined_at timestamptz not null default now(),
    primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id);

create function make_personal_team() returns trigger language plpgsql as $$
declare
    team bigint;
begin
    insert into teams (name, personal_of) values ('Personal', new.id) returning id into team;
    insert into team_members (team_id, user_id, role, on_call) values (team, new.id, 'OWNER', true);
    return new;
end
$$;
create trigger users_personal_team after insert on users for each row execute function make_personal_team();

-- every existing account gets its personal team, owning what the account had
insert into teams (name, personal_of) select 'Personal', id from users;
insert into team_members (team_id, user_id, role, on_call) select id, personal_of, 'OWNER', true from teams;

alter table monitors add column team_id bigint references teams (id) on delete cascade;
update monitors m set team_id = t.id from teams t where t.personal_of = m.owner_id;
alter table monitors alter column team_id set not null;
create index monitors_team on monitors (team_id, name);

alter table reactions add column team_id bigint references teams (id) on delete cascade;
update reactions r set team_id = t.id from teams t where t.personal_of = r.owner_id;
alter table reactions alter column team_id set not null;
create index reactions_team on reactions (team_id, name);

alter table api_keys add column team_id bigint references teams (id) on delete cascade;
update api_keys k set team_id = t.id from teams t where t.personal_of = k.owner_id;
alter table api_keys alter column team_id set not null;
create index api_keys_team on api_keys (team_id, owner_id);
