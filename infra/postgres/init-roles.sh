#!/bin/sh
# Creates CloudRoutes' owner and application roles (cloudroutes-roles.sql) with the passwords from the environment.
# docker-compose.yml runs it once, when the postgres container makes its database (docker-entrypoint-initdb.d); run it
# again the same way after changing a password or to bring a database made before the roles up to date:
#   docker compose exec postgres /docker-entrypoint-initdb.d/10-cloudroutes-roles.sh
# It connects as POSTGRES_USER (a superuser) to POSTGRES_DB, as the container's psql does by default.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set=roles_sql="${CLOUDROUTES_ROLES_SQL:-/etc/cloudroutes/postgres/cloudroutes-roles.sql}" \
    --set=owner="${CLOUDROUTES_DATABASE_OWNER_USERNAME:-cloudroutes_owner}" \
    --set=owner_password="${CLOUDROUTES_DATABASE_OWNER_PASSWORD:?set CLOUDROUTES_DATABASE_OWNER_PASSWORD}" \
    --set=app="${CLOUDROUTES_DATABASE_USERNAME:-cloudroutes_app}" \
    --set=app_password="${CLOUDROUTES_DATABASE_PASSWORD:?set CLOUDROUTES_DATABASE_PASSWORD}" <<'SQL'
SELECT set_config('cloudroutes.owner', :'owner', false), set_config('cloudroutes.owner_password', :'owner_password', false),
       set_config('cloudroutes.app', :'app', false), set_config('cloudroutes.app_password', :'app_password', false);
\i :roles_sql
SQL
