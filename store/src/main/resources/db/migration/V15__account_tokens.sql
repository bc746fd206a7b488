-- One-time account tokens (email confirmation, password reset), and whether an account's email address is confirmed.
-- A token is 256 random bits mailed as a link; only its SHA-256 (hex) is kept, so the table cannot be used to follow
-- a link. A token works once (used_at), until expires_at, and only for its purpose.
create table account_tokens (
    id         bigserial primary key,
    token_hash varchar(64) not null unique,
    user_id    bigint      not null references users (id) on delete cascade,
    purpose    varchar(32) not null check (purpose in ('EMAIL_CONFIRMATION', 'PASSWORD_RESET')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index account_tokens_user on account_tokens (user_id, purpose);

-- Accounts made before confirmation existed count as confirmed (when they were created); so does any account made
-- other than by sign-up (the default). Sign-up inserts null and waits for the link.
alter table users add column email_confirmed_at timestamptz;
update users set email_confirmed_at = created_at;
alter table users alter column email_confirmed_at set default now();
