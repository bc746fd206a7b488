-- Sealed secret settings are bound to their row and owner (AES-GCM associated data): each monitor and reaction gets
-- a random seal id, given when the row is made so that values can be sealed before the row is inserted. Existing
-- rows get one here; crweb seals their values again, bound to it, at start.
alter table monitors add column seal_id uuid not null default gen_random_uuid();
alter table reactions add column seal_id uuid not null default gen_random_uuid();
