#!/bin/sh
# Entry point of the Redis containers in docker-compose.yml: writes the users (render-users.sh) to a file only Redis
# reads and starts Redis as the image does (as the redis user), requiring a password from every client. Every node
# logs in to its primary as cloudroutes-replica (a primary becomes a replica when Sentinel fails over); with
# CLOUDROUTES_REDIS_REPLICA_OF=<host> the node starts as that host's replica.
set -eu
umask 077
config=/tmp/cloudroutes-users.conf
sh /etc/cloudroutes/redis/render-users.sh /etc/cloudroutes/redis/users.acl.conf > "$config"
{
  echo "masteruser cloudroutes-replica"
  echo "masterauth $CLOUDROUTES_REDIS_REPLICA_PASSWORD"
  if [ -n "${CLOUDROUTES_REDIS_REPLICA_OF:-}" ]; then
    echo "replicaof $CLOUDROUTES_REDIS_REPLICA_OF 6379"
  fi
} >> "$config"
chown redis:redis "$config"
exec docker-entrypoint.sh redis-server "$config" "$@"
