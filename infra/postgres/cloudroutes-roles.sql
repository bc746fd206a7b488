-- CloudRoutes' two PostgreSQL roles, made or brought up to date. Run it as a superuser (or a role with CREATEROLE
-- that may grant on the database and its public schema) in CloudRoutes' database, as often as you like: it changes
-- only what differs. It reads the roles' names and passwords from four settings made just before, in the session:
--
--   SELECT set_config('cloudroutes.owner', 'cloudroutes_owner', false),
--          set_config('cloudroutes.owner_password', '<password>', false),
--          set_config('cloudroutes.app', 'cloudroutes_app', false),
--          set_config('cloudroutes.app_password', '<password>', false);
--
-- (infra/postgres/init-roles.sh does this in the postgres container of docker-compose.yml, the standalone for its
-- embedded server.)
--
-- owner: owns the schema; Flyway migrates as it (CLOUDROUTES_DATABASE_OWNER_USERNAME / _PASSWORD).
-- app:   crweb and crbridge connect as it (CLOUDROUTES_DATABASE_USERNAME / _PASSWORD). After each migration the owner
--        grants it SELECT, INSERT, UPDATE, DELETE on the tables and the use of their sequences (Flyway callback
--        afterMigrate.sql, told the role's name by the database setting cloudroutes.application_role made here): no
--        DDL, no TRUNCATE, no COPY to or from server files or programs.
-- Neither is a superuser, may create roles or databases, or bypass row security.
DO $roles$
DECLARE
    owner_role text := current_setting('cloudroutes.owner');
    owner_password text := current_setting('cloudroutes.owner_password');
    app_role text := current_setting('cloudroutes.app');
    app_password text := current_setting('cloudroutes.app_password');
    previous_owner text;
    relation record;
    routine record;
    server_role text;
BEGIN
    IF owner_role = '' OR app_role = '' OR owner_password = '' OR app_password = '' THEN
        RAISE EXCEPTION 'set cloudroutes.owner, cloudroutes.owner_password, cloudroutes.app and cloudroutes.app_password first';
    END IF;
    IF owner_role = app_role THEN
        RAISE EXCEPTION 'the owner role and the application role must be two roles, but both are %', owner_role;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner_role) THEN
        EXECUTE format('CREATE ROLE %I', owner_role);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
        EXECUTE format('CREATE ROLE %I', app_role);
    END IF;
    -- whatever either was given before, it may log in and do its part, nothing more
    EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
            owner_role, owner_password);
    EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
            app_role, app_password);
    FOREACH server_role IN ARRAY ARRAY['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files']
    LOOP
        EXECUTE format('REVOKE %I FROM %I, %I', server_role, owner_role, app_role);
    END LOOP;

    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), owner_role);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app_role);
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', owner_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
    -- PostgreSQL 15 and later grant nobody else CREATE on public; older versions grant it to everyone
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;

    -- A schema migrated before the owner existed (by a superuser, as older CloudRoutes versions did) passes to the
    -- owner: every relation in public owned by the role that owns Flyway's history table. Sequences of serial
    -- columns follow their tables.
    SELECT pg_get_userbyid(c.relowner) INTO previous_owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname = 'flyway_schema_history';
    IF previous_owner IS NOT NULL AND previous_owner <> owner_role THEN
        FOR relation IN
            SELECT c.relname, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND pg_get_userbyid(c.relowner) = previous_owner
              AND NOT (c.relkind = 'S' AND EXISTS (
                  SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                  AND d.deptype IN ('a', 'i')))
        LOOP
            EXECUTE format('ALTER %s public.%I OWNER TO %I',
                    CASE relation.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                        WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                    relation.relname, owner_role);
        END LOOP;
        -- and check history's partition functions, which run as their owner
        FOR routine IN
            SELECT p.oid::regprocedure AS signature
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND p.proname LIKE 'check\_results\_%'
              AND pg_get_userbyid(p.proowner) = previous_owner
        LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO %I', routine.signature, owner_role);
        END LOOP;
        RAISE NOTICE 'CloudRoutes tables passed from % to %', previous_owner, owner_role;
    END IF;
    -- The owner grants the application role the use of the tables after each migration (Flyway callback
    -- afterMigrate.sql); this tells it which role that is. A schema that exists already gets its grants now.
    EXECUTE format('ALTER DATABASE %I SET cloudroutes.application_role = %L', current_database(), app_role);
    IF previous_owner IS NOT NULL THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
        EXECUTE format('REVOKE ALL ON public.flyway_schema_history FROM %I', app_role);
    END IF;
END
$roles$;
