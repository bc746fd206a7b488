#!/bin/sh
# Prints users.acl.conf (next to this script, or the file given) with the passwords from the environment filled in:
# CLOUDROUTES_REDIS_ADMIN_PASSWORD, _CRBRIDGE_PASSWORD, _CRWEB_PASSWORD, _CONTROL_PASSWORD, _REPLICA_PASSWORD and
# _SENTINEL_PASSWORD, each at least 16
# letters, digits, '-' or '_' (openssl rand -hex 32). Stops with a message naming a missing or unusable one.
set -eu
template=${1:-$(dirname "$0")/users.acl.conf}
expression=
for name in CLOUDROUTES_REDIS_ADMIN_PASSWORD CLOUDROUTES_REDIS_CRBRIDGE_PASSWORD CLOUDROUTES_REDIS_CRWEB_PASSWORD \
    CLOUDROUTES_REDIS_CONTROL_PASSWORD CLOUDROUTES_REDIS_REPLICA_PASSWORD CLOUDROUTES_REDIS_SENTINEL_PASSWORD; do
  eval "value=\${$name:-}"
  case "$value" in
    '') echo "$name is not set: every CloudRoutes Redis user needs a password (openssl rand -hex 32)" >&2; exit 1 ;;
    *[!A-Za-z0-9_-]*) echo "$name may hold only letters, digits, '-' and '_' (openssl rand -hex 32)" >&2; exit 1 ;;
  esac
  if [ ${#value} -lt 16 ]; then
    echo "$name must be at least 16 characters long (openssl rand -hex 32)" >&2
    exit 1
  fi
  expression="$expression -e s/\${$name}/$value/g"
done
# shellcheck disable=SC2086 # the expression is a list of sed arguments; the values hold no spaces
sed $expression "$template"
