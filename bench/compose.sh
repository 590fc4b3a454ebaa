#!/usr/bin/env bash
# Benchmark: docker-compose 1.29 `up -d` and `down` of a 5-service file, Berth vs dockerd side by
# side (the same docker-compose, the same local busybox image). Two files: every service with
# network_mode none, and every service on the project's default network (a bridge network compose
# creates and removes: it appears on the host while the run lasts).
# Usage: bench/compose.sh [runs]   (root; docker-compose and dockerd from Debian)
# Writes the figures into docs/performance.md between the compose markers.
source "$(dirname "$0")/lib.sh"
RUNS=${1:-7}
REGISTRY_PORT=0
command -v docker-compose >/dev/null || { echo "docker-compose is not installed (apt-get install docker-compose)" >&2; exit 1; }

start_berth
start_dockerd
declare -A HOST=([berth]=$BERTH_HOST [dockerd]=$DOCKERD_HOST)
engines=(berth dockerd)

busybox_rootfs_tar "$BENCH_TMP/rootfs.tar"
for e in "${engines[@]}"; do dk "${HOST[$e]}" import "$BENCH_TMP/rootfs.tar" bench/busybox:1 >/dev/null; done

# five services as a small web stack would have; init so that down stops them at once
five_services() {
  local network=$1
  echo 'version: "2.4"'
  echo 'services:'
  for s in web api worker cache db; do
    cat <<YML
  $s:
    image: bench/busybox:1
    init: true
    command: sleep 600
    labels:
      bench.tier: $s
YML
    if [ "$network" = none ]; then echo "    network_mode: none"; fi
  done
}
mkdir -p "$BENCH_TMP/none" "$BENCH_TMP/net"
five_services none >"$BENCH_TMP/none/docker-compose.yml"
five_services default >"$BENCH_TMP/net/docker-compose.yml"

# docker-compose against one engine, in one project directory, under one project name
dc() {
  local host=$1 dir=$2 project=$3
  shift 3
  # compose's progress lines go to stderr: keep them out of the figures, show them if it fails
  if ! (cd "$dir" && DOCKER_HOST=$host DOCKER_CONFIG=$BENCH_TMP/cli COMPOSE_PROJECT_NAME=$project \
      docker-compose "$@" 2>"$BENCH_TMP/compose.err"); then
    cat "$BENCH_TMP/compose.err" >&2
    return 1
  fi
}

declare -A R
for e in "${engines[@]}"; do
  for variant in none net; do
    ups=()
    agains=()
    downs=()
    for i in $(seq "$RUNS"); do
      p="bench${variant}${i}"
      ups+=("$(time_it dc "${HOST[$e]}" "$BENCH_TMP/$variant" "$p" up -d)")
      running=$(dk "${HOST[$e]}" ps -q --filter "label=com.docker.compose.project=$p" | wc -l)
      [ "$running" -eq 5 ] || { echo "$e: $running of 5 services running after up -d" >&2; exit 1; }
      agains+=("$(time_it dc "${HOST[$e]}" "$BENCH_TMP/$variant" "$p" up -d)") # all up-to-date
      downs+=("$(time_it dc "${HOST[$e]}" "$BENCH_TMP/$variant" "$p" down --timeout 2)")
    done
    R[$e,$variant,up]=$(printf '%s\n' "${ups[@]}" | median)
    R[$e,$variant,again]=$(printf '%s\n' "${agains[@]}" | median)
    R[$e,$variant,down]=$(printf '%s\n' "${downs[@]}" | median)
  done
done

ratio() { printf %.2f "$(echo "$1 / $2" | bc -l)"; }
row() {
  local label=$1 key=$2
  echo "| $label | $(printf %.2f "${R[berth,$key]}") | $(printf %.2f "${R[dockerd,$key]}") | $(ratio "${R[berth,$key]}" "${R[dockerd,$key]}") |"
}
table=$(cat <<MD
<!-- compose:start -->
### docker-compose 1.29 with 5 services (median of $RUNS runs, $(date -u +%Y-%m-%d))

| operation (s) | Berth | dockerd 20.10 | Berth / dockerd |
|---|---|---|---|
$(row 'up -d, network_mode none' none,up)
$(row 'up -d again, all up-to-date' none,again)
$(row 'down, network_mode none' none,down)
$(row 'up -d, on the project network (created)' net,up)
$(row 'down, on the project network (removed)' net,down)

Most of a compose command's time is docker-compose itself (a python process that starts, reads
the file and asks the engine about every service): compare the ratios, not the absolute figures.
On the project network Berth also writes its iptables rules, while the dockerd beside it runs with
\`--iptables=false\`. Load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg).
<!-- compose:end -->
MD
)
echo "$table"
write_section compose "$table"
