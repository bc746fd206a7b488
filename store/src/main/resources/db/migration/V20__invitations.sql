-- Invitations to a team, mailed as a link. The link's token is 256 random bits of which only the SHA-256 (hex) is
-- kept, so the table cannot be used to follow a link. An invitation is open until it is accepted, withdrawn, replaced
-- (a new invitation of the same address withdraws it) or expires; accepting needs an account with the invited email.
create table invitations (
    id           bigserial primary key,
    team_id      bigint       not null references teams (id) on delete cascade,
    email        varchar(320) not null,
    role         varchar(10)  not null check (role in ('OWNER', 'ADMIN', 'EDITOR', 'VIEWER')),
    token_hash   varchar(64)  not null unique,
    invited_by   bigint       references users (id) on delete set null,
    created_at   timestamptz  not null,
    expires_at   timestamptz  not null,
    accepted_at  timestamptz,
    accepted_by  bigint       references users (id) on delete set null,
    withdrawn_at timestamptz
);
create index invitations_open on invitations (team_id, lower(email)) where accepted_at is null and withdrawn_at is null;
