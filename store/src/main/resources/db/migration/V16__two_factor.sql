-- Two-factor authentication with time-based one-time codes (TOTP, RFC 6238). A row exists from the moment a person
-- starts setting it up; it is on only once enabled_at is set (they confirmed a code). Accounts without a row, which
-- is every account before this version, log in with their password alone.
create table two_factor (
    user_id       bigint      primary key references users (id) on delete cascade,
    -- the base32 secret sealed with CLOUDROUTES_SECRET_KEY and bound to this account (enc:v2:…), never plain
    sealed_secret text        not null,
    created_at    timestamptz not null default now(),
    enabled_at    timestamptz,
    -- the last time step (unix seconds / 30) a code was accepted for: a code of that step or an earlier one is refused
    last_step     bigint
);

-- One-time recovery codes, for when the authenticator is lost: only their SHA-256 is kept, a used one is burned.
create table recovery_codes (
    id         bigserial   primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    code_hash  varchar(64) not null,
    created_at timestamptz not null default now(),
    used_at    timestamptz,
    unique (user_id, code_hash)
);
