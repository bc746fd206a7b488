-- API keys for the REST API v1. Only the SHA-256 (hex) of the key is kept; the key is random (256 bits) and shown
-- once. The prefix (first characters of the key) is stored in the clear so that a person can tell keys apart.
create table api_keys (
    id           bigserial primary key,
    owner_id     bigint       not null references users (id) on delete cascade,
    name         varchar(100) not null,
    prefix       varchar(16)  not null,
    key_hash     varchar(64)  not null unique,
    created_at   timestamptz  not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_keys_owner on api_keys (owner_id);
