-- Single sign-on (OpenID Connect): which account an identity at a provider logs in as. An identity is the provider's
-- issuer and its subject (the "sub" claim, stable for a person at that issuer); the email is not part of it, since a
-- person's email may change at the provider. One identity belongs to one account; an account may have several.
create table external_identities (
    id         bigserial primary key,
    issuer     varchar(500) not null,
    subject    varchar(255) not null,
    user_id    bigint       not null references users (id) on delete cascade,
    created_at timestamptz  not null default now(),
    unique (issuer, subject)
);
create index external_identities_user on external_identities (user_id);

-- An account made by a single sign-on log-in has no password: the log-in form never accepts it.
alter table users alter column password_hash drop not null;
