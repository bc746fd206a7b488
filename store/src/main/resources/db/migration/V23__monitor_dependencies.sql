-- Dependencies between monitors of a team: a monitor (the child) depends on others (its parents), for example every
-- site behind a load balancer on the balancer's check. While a parent is FAILED, the actioner records its children's
-- failures but holds their reactions, so the parent's own reactions are the one notice. crweb refuses cycles and
-- monitors of other teams at save (under a lock on the team's rows); the schema refuses a monitor depending on itself.
-- How many parents a monitor may have is Limits.Dependencies.
create table monitor_dependencies (
    monitor_id    bigint not null references monitors (id) on delete cascade,
    depends_on_id bigint not null references monitors (id) on delete cascade,
    primary key (monitor_id, depends_on_id),
    constraint monitor_dependencies_not_itself check (monitor_id <> depends_on_id)
);
-- a parent's children, for the monitor page and for releasing held reactions when the parent recovers
create index monitor_dependencies_children on monitor_dependencies (depends_on_id);

-- A reaction run held because a parent was FAILED names that parent; when the parent recovers while the monitor is
-- still FAILED, the held runs are run once, as jobs of the kind RELEASE (one per held reaction and episode).
alter table reaction_jobs add column held_by bigint;
alter table reaction_jobs drop constraint reaction_jobs_kind_check;
alter table reaction_jobs add constraint reaction_jobs_kind_check check (kind in ('RUN', 'RESTORE', 'RELEASE'));
create index reaction_jobs_held on reaction_jobs (monitor_id, episode) where held_by is not null;
