#!/bin/sh
# Entry point of the Redis container in docker-compose.yml: writes the users (render-users.sh) to a file only Redis
# reads and starts Redis as the image does (as the redis user), requiring a password from every client.
set -eu
umask 077
config=/tmp/cloudroutes-users.conf
sh /etc/cloudroutes/redis/render-users.sh /etc/cloudroutes/redis/users.acl.conf > "$config"
chown redis:redis "$config"
exec docker-entrypoint.sh redis-server "$config" "$@"
