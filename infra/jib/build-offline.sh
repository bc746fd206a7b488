#!/usr/bin/env bash
# Builds every CloudRoutes image as a tarball without a Docker daemon and without any registry: Jib (jib:buildTar)
# layers each process's classes and dependencies on a base image read from a local file, with Maven offline.
#
#   infra/jib/build-offline.sh /path/to/eclipse-temurin-21-jre.tar [module…]
#
# The base tarball is `docker save eclipse-temurin:21-jre` (or `skopeo copy docker://eclipse-temurin:21-jre
# docker-archive:eclipse-temurin-21-jre.tar`) made once on a machine that reaches a registry. Modules default to every
# process (crweb crbridge cram-control cram-broker cram-worker standalone); each image lands in
# <module>/target/jib-image.tar as ghcr.io/cloudroutes/<name>:<version>, ready for `docker load`, `podman load` or
# `skopeo copy docker-archive:… docker://…`. Needs the Maven repository filled once (any online `./mvnw package`).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 /path/to/base-image.tar [module…]  (a saved eclipse-temurin:21-jre, see the comment at the top)" >&2
  exit 2
fi
base=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  modules=(crweb crbridge cram-control cram-broker cram-worker standalone)
fi
list=$(IFS=,; echo "${modules[*]}")

# -o: Maven stays offline; tar://: Jib reads the base from the file; disableUpdateChecks: Jib asks nobody for a newer
# version of itself. Nothing here opens a connection.
./mvnw -B -o -pl "$list" -am -DskipTests \
  -Dcloudroutes.image.base="tar://$base" -Djib.disableUpdateChecks=true \
  package jib:buildTar

for module in "${modules[@]}"; do
  echo "$module/target/jib-image.tar"
done
