#!/usr/bin/env bash
# Offline image build for the container runtime: contacts no registry.
#
#   images/build.sh                   build what is missing or out of date
#   images/build.sh --rebuild         rebuild every image, the JRE base too
#   images/build.sh --base IMAGE      put the images on IMAGE (e.g. eclipse-temurin:17-jre, pulled
#                                     from a registry) instead of the Debian base built here; run the
#                                     services' jars on it too with -Dharness.image.jre=IMAGE
#
# Needs the project's build output (`mvn -B package -DskipTests`). Installs docker.io and
# mmdebstrap from Debian packages when absent and starts dockerd when no engine answers (both
# need root). Images:
#   chaos-harness/jre:17-bookworm          JRE base from Debian packages (mmdebstrap + docker import);
#                                          the container runtime runs every service declared as a jar
#                                          on it, with the jar's folder copied in (no image per service)
#   chaos-harness/kafka:KAFKA_VERSION      substitute for apache/kafka (KafkaContainer accepts it)
#   chaos-harness/fault-proxy:VERSION      substitute for ghcr.io/shopify/toxiproxy
#   chaos-harness/postgres:15-bookworm     substitute for the official postgres image, from Debian's
#                                          postgresql-15 (not with --base: a registry has the real one)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
images="$root/images"
rebuild=false
base=chaos-harness/jre:17-bookworm
own_base=true
while (($#)); do
  case "$1" in
    --rebuild) rebuild=true ;;
    --base) base=${2:?--base needs an image name}; own_base=false; shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 64 ;;
  esac
  shift
done

say() { echo "[images] $*"; }
fail() { echo "[images] ERROR: $*" >&2; exit 1; }

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")
kafka_version=$(pom_property kafka.version)

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

ensure_tools() {
  local missing=()
  if ! docker info >/dev/null 2>&1; then
    command -v dockerd >/dev/null || missing+=(docker.io)
  fi
  if $own_base && ! command -v mmdebstrap >/dev/null; then
    missing+=(mmdebstrap)
  fi
  if ((${#missing[@]})); then
    command -v apt-get >/dev/null || fail "needs ${missing[*]}; install them (or use --base IMAGE for the JRE base)"
    say "installing ${missing[*]} from Debian packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_engine() {
  docker info >/dev/null 2>&1 && return
  say "no Docker engine answers; starting dockerd (log: /var/log/dockerd-chaos-harness.log)"
  as_root sh -c 'nohup dockerd >/var/log/dockerd-chaos-harness.log 2>&1 &'
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  tail -20 /var/log/dockerd-chaos-harness.log >&2 || true
  fail "dockerd did not answer within 60 s"
}

exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
  if ! $own_base; then
    say "base: $base (from a registry when not present)"
    return
  fi
  if exists "$base" && ! $rebuild; then
    say "$base: present, reused"
    return
  fi
  say "$base: building from Debian packages with mmdebstrap (about 40 s)"
  local tar="$work/base.tar"
  mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$tar"
  docker import --change 'LABEL dev.chaosharness.image=jre' --change 'ENV LANG=C.UTF-8' "$tar" "$base" >/dev/null
}

postgres_base=chaos-harness/postgres-base:15-bookworm
postgres_image=chaos-harness/postgres:15-bookworm

build_postgres() {
  $own_base || return 0
  if ! exists "$postgres_base" || $rebuild; then
    say "$postgres_base: building from Debian packages with mmdebstrap (about 40 s)"
    local tar="$work/postgres-base.tar"
    mmdebstrap --quiet --variant=apt --include=postgresql-15,ca-certificates bookworm "$tar"
    docker import --change 'LABEL dev.chaosharness.image=postgres-base' --change 'ENV LANG=C.UTF-8' "$tar" "$postgres_base" >/dev/null
  else
    say "$postgres_base: present, reused"
  fi
  rm -rf "${context:?}"/*
  cp "$images/postgres/run-postgres.sh" "$context/"
  build "$postgres_image" "$context" "$images/postgres/Dockerfile" "BASE=$postgres_base"
}

require() { [[ -e "$1" ]] || fail "$1 is missing: run \`mvn -B package -DskipTests\` first"; }

build() { # tag context dockerfile [build-arg...]
  local tag=$1 context=$2 dockerfile=$3
  shift 3
  local base_arg="BASE=$base" extra=()
  for arg in "$@"; do
    if [[ $arg == BASE=* ]]; then base_arg=$arg; else extra+=(--build-arg "$arg"); fi
  done
  local args=(--quiet --build-arg "$base_arg" --label "dev.chaosharness.version=$version" -f "$dockerfile" -t "$tag")
  $rebuild && args+=(--no-cache)
  args+=("${extra[@]}")
  say "$tag: building"
  # the 28.x CLI warns on every build that the classic builder is deprecated; that is all it says
  docker build "${args[@]}" "$context" 2> >(grep -v -e 'DEPRECATED: The legacy builder' -e 'Install the buildx' \
    -e 'docs.docker.com/go/buildx' -e '^ *$' >&2) >/dev/null
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
context="$work/context"

main() {
  ensure_tools
  ensure_engine
  build_base

  require "$root/kafka-broker/target/lib"
  mkdir -p "$context"
  cp -r "$root/kafka-broker/target/lib" "$images/kafka/run" "$images/kafka/log4j2.properties" "$context/"
  build "chaos-harness/kafka:$kafka_version" "$context" "$images/kafka/Dockerfile"

  require "$root/fault-proxy/target/fault-proxy.jar"
  rm -rf "${context:?}"/*
  cp "$root/fault-proxy/target/fault-proxy.jar" "$context/"
  build "chaos-harness/fault-proxy:$version" "$context" "$images/fault-proxy/Dockerfile"

  build_postgres

  # the images these tags pointed at before this build, if anything changed
  docker image prune --force --filter label=dev.chaosharness.image >/dev/null
  say "done (no registry was contacted unless --base names a remote image):"
  docker image ls --filter label=dev.chaosharness.image --filter dangling=false \
    --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
}

main
