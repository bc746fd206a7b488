-- Monitors whose results are pushed (webhooks, heartbeat pings) authenticate the sender with a per-monitor secret.
-- Only its SHA-256 (hex) is kept: the secret is random (256 bits), shown once, and a fast hash is enough for a
-- value that cannot be guessed. The unique index is also how a heartbeat ping URL finds its monitor.
alter table monitors
    add column push_secret_hash       varchar(64),
    add column push_secret_created_at timestamptz;
create unique index monitors_push_secret_hash on monitors (push_secret_hash);
