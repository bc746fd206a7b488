-- Tags on monitors: the dashboard filters by them, and maintenance windows and status pages select monitors by them.
-- An array keeps a monitor's tags with its row (one read per dashboard page), and the GIN index answers "monitors of a
-- team carrying any of these tags" without a scan. Limits.Tags gives the numbers the CHECK repeats.
alter table monitors add column tags varchar(40)[] not null default '{}';
alter table monitors add constraint monitors_tags_most check (cardinality(tags) <= 20);
create index monitors_tags on monitors using gin (tags);
