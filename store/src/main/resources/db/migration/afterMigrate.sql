-- Runs as the schema's owner after every migration (a Flyway callback): the application role that crweb and crbridge
-- connect as may read and write the rows of every table and use their sequences, and nothing else (no DDL, no
-- TRUNCATE); Flyway's own history is the owner's alone. Which role that is, infra/postgres/cloudroutes-roles.sql
-- recorded in the database's setting cloudroutes.application_role; where it is not set (the application connects as
-- the owner) there is nothing to do. Done on every start, so the tables of new migrations are covered.
DO $grants$
DECLARE
    app_role text := coalesce(current_setting('cloudroutes.application_role', true), '');
BEGIN
    IF app_role = '' OR app_role = current_user THEN
        RETURN;
    END IF;
    -- crweb and crbridge may start at the same time: one grants after the other
    PERFORM pg_advisory_xact_lock(hashtext('cloudroutes application role grants'));
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), app_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), app_role);
    EXECUTE format('REVOKE ALL ON %I.%I FROM %I', current_schema(), '${flyway:table}', app_role);
    -- check history's day partitions: made and dropped by the actioner through these two functions only
    IF to_regprocedure('check_results_add_partitions(date, integer)') IS NOT NULL THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION check_results_add_partitions(date, integer) TO %I', app_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION check_results_drop_partitions(date) TO %I', app_role);
    END IF;
END
$grants$;
