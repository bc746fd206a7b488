#!/bin/sh
# Entry point of the Sentinel containers in docker-compose.yml: on the first start, writes a sentinel.conf that watches
# the primary "cloudroutes" at CLOUDROUTES_REDIS_PRIMARY (port 6379) as the ACL user cloudroutes-sentinel, with a
# quorum of 2 of the 3 sentinels. Sentinel rewrites that file as it learns the replicas, the other sentinels and who is
# primary after a failover, so a restart keeps what it learnt (the file lives in the container's volume).
set -eu
umask 077
config=/data/sentinel.conf
if [ ! -f "$config" ]; then
  cat > "$config" <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel monitor cloudroutes $CLOUDROUTES_REDIS_PRIMARY 6379 2
sentinel auth-user cloudroutes cloudroutes-sentinel
sentinel auth-pass cloudroutes $CLOUDROUTES_REDIS_SENTINEL_PASSWORD
sentinel down-after-milliseconds cloudroutes 3000
sentinel failover-timeout cloudroutes 30000
sentinel parallel-syncs cloudroutes 1
CONF
  chown redis:redis "$config"
fi
# as redis-server --sentinel, so that the image's entry point runs it as the redis user
exec docker-entrypoint.sh redis-server "$config" --sentinel
