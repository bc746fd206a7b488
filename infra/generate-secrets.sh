#!/bin/sh
# Prints every secret a docker-compose.yml deployment needs, as an env file that compose reads by itself:
#
#   (umask 077; infra/generate-secrets.sh > .env)
#
# or, with --kubernetes, the same secrets as the Secret cloudroutes-secrets that infra/kubernetes/ refers to:
#
#   (umask 077; infra/generate-secrets.sh --kubernetes > cloudroutes-secrets.yaml)
#   kubectl -n <namespace> apply -f cloudroutes-secrets.yaml
#
# the key that encrypts secret settings, the PostgreSQL and Redis passwords, the ops token, and a CURVE key pair for
# each role of the ZeroMQ plane (broker, actioners, controls, workers). Needs openssl, od and tr. Keep the file private
# and back it up with the database: without CLOUDROUTES_SECRET_KEY the stored secrets cannot be read.
set -eu

format=env
case "${1:-}" in
  "") ;;
  --kubernetes) format=kubernetes ;;
  *) echo "usage: $0 [--kubernetes]" >&2; exit 2 ;;
esac

password() {
  openssl rand -hex 32
}

# prints the 32 raw bytes at the end of a DER key as hex (X25519 keys end with them in both PKCS#8 and SPKI form)
key_hex() {
  tail -c 32 | od -An -v -tx1 | tr -d ' \n'
}

# NAME: a CURVE key pair as NAME_SECRET_KEY and NAME_PUBLIC_KEY (X25519, the curve ZeroMQ's CURVE uses)
curve() {
  key=$(openssl genpkey -algorithm x25519)
  echo "$1_SECRET_KEY=$(printf '%s\n' "$key" | openssl pkey -outform DER | key_hex)"
  echo "$1_PUBLIC_KEY=$(printf '%s\n' "$key" | openssl pkey -pubout -outform DER | key_hex)"
}

# every secret as NAME=value, one a line
secrets() {
  echo "CLOUDROUTES_SECRET_KEY=$(openssl rand -base64 32)"
  echo "CLOUDROUTES_POSTGRES_PASSWORD=$(password)"
  echo "CLOUDROUTES_DATABASE_OWNER_PASSWORD=$(password)"
  echo "CLOUDROUTES_DATABASE_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_ADMIN_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_CRBRIDGE_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_CRWEB_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_CONTROL_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_REPLICA_PASSWORD=$(password)"
  echo "CLOUDROUTES_REDIS_SENTINEL_PASSWORD=$(password)"
  echo "CLOUDROUTES_OPS_TOKEN=$(password)"
  curve CLOUDROUTES_ZMQ_BROKER
  curve CLOUDROUTES_ZMQ_RESULTS
  curve CLOUDROUTES_ZMQ_CONTROL
  curve CLOUDROUTES_ZMQ_WORKER
}

if [ "$format" = kubernetes ]; then
  echo "# CloudRoutes secrets for infra/kubernetes/, made by infra/generate-secrets.sh --kubernetes. Keep this file"
  echo "# private and back it up with the database. docs/operations.md says how to rotate each of them."
  echo "apiVersion: v1"
  echo "kind: Secret"
  echo "metadata:"
  echo "  name: cloudroutes-secrets"
  echo "  labels:"
  echo "    app.kubernetes.io/part-of: cloudroutes"
  echo "type: Opaque"
  echo "stringData:"
  # hex and base64 values need no escaping inside double quotes
  secrets | sed 's/^\([A-Z0-9_]*\)=\(.*\)$/  \1: "\2"/'
else
  echo "# CloudRoutes secrets for docker-compose.yml, made by infra/generate-secrets.sh. Keep this file private and back"
  echo "# it up with the database. docs/operations.md says how to rotate each of them."
  secrets
fi
