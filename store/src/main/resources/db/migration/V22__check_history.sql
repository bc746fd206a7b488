-- History of check results the product can show: every folded result for a short window (cloudroutes.retention.
-- raw-results-days), and per-minute and per-hour roll-ups of them for long ones. The actioner writes results in batches
-- off its fold's path; its roll-up job recomputes recent buckets from the raw rows (late results included on the next
-- run), creates the raw table's day partitions ahead and drops those past retention whole, which costs nothing like a
-- DELETE. No foreign keys to monitors: a batch must not fail because a monitor was deleted meanwhile, and a deleted
-- monitor's rows age out with retention (its id is never reused).

-- One row per folded result, partitioned by its check's UTC day.
create table check_results (
    monitor_id bigint       not null,
    checked_at timestamptz  not null,
    status     varchar(7)   not null check (status in ('HEALTHY', 'FAILED')),
    latency_ms int          not null check (latency_ms >= 0),
    zone       varchar(40)  not null,
    reason     varchar(500) not null
) partition by range (checked_at);
-- "one monitor, a time range", and the roll-ups' "these minutes of every monitor" scan each day's partition
create index check_results_monitor_time on check_results (monitor_id, checked_at);

-- The roll-ups: checks and failures in the bucket, and the latency of its results (p95 interpolated over the raw rows,
-- as percentile_cont does). A bucket starts at a whole UTC minute or hour.
create table check_rollups_minute (
    monitor_id  bigint           not null,
    bucket      timestamptz      not null,
    checks      int              not null,
    failures    int              not null,
    latency_min int              not null,
    latency_avg double precision not null,
    latency_p95 double precision not null,
    latency_max int              not null,
    primary key (monitor_id, bucket)
);
create index check_rollups_minute_age on check_rollups_minute (bucket);

-- the same columns, key and index (check_rollups_hour_pkey, check_rollups_hour_bucket_idx)
create table check_rollups_hour (like check_rollups_minute including all);

-- The application role may not run DDL. These two functions run as the schema's owner (SECURITY DEFINER, with the
-- search path fixed at creation) and do only this: create the day partitions of check_results from a day on, and drop
-- those that end on or before a day. afterMigrate.sql lets the application role execute them, and nobody else.
create function check_results_add_partitions(first_day date, days int) returns int
    language plpgsql security definer set search_path from current as $$
declare
    made int := 0;
    day date;
    name text;
begin
    if days < 1 or days > 62 then
        raise exception 'make between 1 and 62 day partitions at a time, not %', days;
    end if;
    -- actioners may make the same day at the same time: one after the other
    perform pg_advisory_xact_lock(hashtext('cloudroutes check_results partitions'));
    for i in 0 .. days - 1 loop
        day := first_day + i;
        name := 'check_results_' || to_char(day, 'YYYYMMDD');
        if to_regclass(name) is null then
            execute format(
                'create table %I partition of check_results for values from (%L) to (%L)',
                name,
                (day::timestamp at time zone 'UTC'),
                ((day + 1)::timestamp at time zone 'UTC'));
            made := made + 1;
        end if;
    end loop;
    return made;
end
$$;

create function check_results_drop_partitions(before_day date) returns int
    language plpgsql security definer set search_path from current as $$
declare
    dropped int := 0;
    partition record;
begin
    perform pg_advisory_xact_lock(hashtext('cloudroutes check_results partitions'));
    for partition in
        select c.relname
        from pg_inherits i
        join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'check_results'::regclass and c.relname ~ '^check_results_[0-9]{8}$'
    loop
        if to_date(substring(partition.relname from 15), 'YYYYMMDD') < before_day then
            execute format('drop table %I', partition.relname);
            dropped := dropped + 1;
        end if;
    end loop;
    return dropped;
end
$$;

revoke all on function check_results_add_partitions(date, int) from public;
revoke all on function check_results_drop_partitions(date) from public;

-- the days around the migration, so that results are written before the job's first run
select check_results_add_partitions((now() at time zone 'UTC')::date - 1, 4);
