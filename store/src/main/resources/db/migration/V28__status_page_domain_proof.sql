-- A status page's custom domain is served only once its team has proved it controls the name, by a DNS TXT record
-- at _cloudroutes-challenge.<domain> holding the page's token. Several pages may claim a domain while pending; the
-- first to prove it is the only one verified.
alter table status_pages
    add column domain_token        varchar(64),
    add column domain_verified_at  timestamptz,
    -- when the domain was last looked up (by a person or the background re-check); the re-check claims rows by it
    add column domain_checked_at   timestamptz,
    -- since when a verified domain's record has been missing; after the grace period the domain is unverified
    add column domain_missing_since timestamptz,
    -- what the last look-up found, in words for the page's team
    add column domain_check_message varchar(500);

drop index status_pages_custom_domain;
create unique index status_pages_verified_domain on status_pages (custom_domain)
    where custom_domain is not null and domain_verified_at is not null;
create index status_pages_domain_check on status_pages (domain_checked_at) where custom_domain is not null;

-- domains claimed before proof was asked for keep being served only once proved: they start pending with a token
update status_pages
   set domain_token = md5(random()::text || clock_timestamp()::text || id::text)
 where custom_domain is not null;
