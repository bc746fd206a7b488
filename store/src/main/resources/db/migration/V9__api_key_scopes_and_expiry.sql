-- An API key may be read-only (it may read but change nothing) and may expire. Keys made before keep working as they
-- did: read-write, without an expiry.
alter table api_keys
    add column scope      varchar(16) not null default 'READ_WRITE' check (scope in ('READ_ONLY', 'READ_WRITE')),
    add column expires_at timestamptz;
