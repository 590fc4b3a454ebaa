#!/usr/bin/env bash
# Benchmark: container lifecycle through the same docker CLI against Berth, dockerd and podman.
# Usage: bench/containers.sh [runs]   (root; dockerd from docker.io, podman from Debian)
# Writes the figures into docs/performance.md between the containers markers.
source "$(dirname "$0")/lib.sh"
RUNS=${1:-15}
REGISTRY_PORT=0

engines=(berth dockerd)
start_berth
start_dockerd
PODMAN_NOTE="podman not installed"
if command -v podman >/dev/null; then start_podman; PODMAN_NOTE=""; fi
declare -A HOST=([berth]=$BERTH_HOST [dockerd]=$DOCKERD_HOST)
[ -n "${PODMAN_HOST:-}" ] && HOST[podman]=$PODMAN_HOST
declare -A PID=([berth]=$(cat "$BENCH_TMP/berth/berthd.pid") [dockerd]=$(cat "$BENCH_TMP/dockerd/docker.pid"))

busybox_rootfs_tar "$BENCH_TMP/rootfs.tar"
for e in "${engines[@]}"; do dk "${HOST[$e]}" import "$BENCH_TMP/rootfs.tar" bench/busybox:1 >/dev/null; done
if [ -n "${PODMAN_HOST:-}" ]; then
  dk "$PODMAN_HOST" import "$BENCH_TMP/rootfs.tar" bench/busybox:1 >/dev/null
  # only measure podman where it can run the same command through the same CLI
  if probe=$(dk "$PODMAN_HOST" run --rm --network none bench/busybox:1 true 2>&1); then
    engines+=(podman)
  else
    # the CLI only sees the attach's status (409); podman's log has the runtime's reason
    reason=$(grep -o 'Request Failed([^)]*): .*' "$BENCH_TMP/podman/log" | tail -n1 | cut -c1-300 || true)
    PODMAN_NOTE="podman $(podman --version | awk '{print $3}') could not run the benchmark's container here: $(echo "$probe" | head -n1)${reason:+ ($reason)}"
  fi
fi

declare -A R
for e in "${engines[@]}"; do
  h=${HOST[$e]}
  R[$e,run]=$(for _ in $(seq "$RUNS"); do time_it dk "$h" run --rm --network none bench/busybox:1 true; done | median)

  # the baseline for the per-container figure: idle, before any container runs
  if [ -n "${PID[$e]:-}" ]; then sleep 2; R[$e,rss0]=$(rss_kb "${PID[$e]}"); fi

  start=$(date +%s.%N)
  runs=()
  for i in $(seq 20); do
    dk "$h" run -d --network none --name "par$i" bench/busybox:1 sleep 600 >/dev/null &
    runs+=($!)
  done
  wait "${runs[@]}" # only these: a bare wait would also wait for the daemons started in the background
  R[$e,par20]=$(echo "$(date +%s.%N) - $start" | bc -l)

  for i in $(seq 21 100); do dk "$h" run -d --network none --name "par$i" bench/busybox:1 sleep 600 >/dev/null; done
  R[$e,ps100]=$(for _ in $(seq "$RUNS"); do time_it dk "$h" ps; done | median)
  if [ -n "${PID[$e]:-}" ]; then R[$e,rss100]=$(rss_kb "${PID[$e]}"); fi

  start=$(date +%s.%N)
  dk "$h" rm -f $(seq -f 'par%g' 1 20) >/dev/null
  R[$e,rm20]=$(echo "$(date +%s.%N) - $start" | bc -l)
  dk "$h" rm -f $(seq -f 'par%g' 21 100) >/dev/null
  if [ -n "${PID[$e]:-}" ]; then sleep 2; R[$e,rssAfter]=$(rss_kb "${PID[$e]}"); fi

  # 100 MB of short lines, then read them back through docker logs
  dk "$h" run -d --name logs --network none bench/busybox:1 sh -c 'yes "a short line of container output" | head -c 100000000' >/dev/null
  dk "$h" wait logs >/dev/null
  R[$e,logs]=$(time_it dk "$h" logs logs)
  dk "$h" rm -f logs >/dev/null
done

ratio() { printf %.2f "$(echo "$1 / $2" | bc -l)"; }
row() {
  local label=$1 key=$2 unit=$3
  local line="| $label | $(printf %.3f "${R[berth,$key]}") | $(printf %.3f "${R[dockerd,$key]}") | $(ratio "${R[berth,$key]}" "${R[dockerd,$key]}")"
  if [ -n "${R[podman,$key]:-}" ]; then
    line+=" | $(printf %.3f "${R[podman,$key]}") | $(ratio "${R[berth,$key]}" "${R[podman,$key]}") |"
  else
    line+=" | – | – |"
  fi
  echo "$line"
}
table=$(cat <<MD
<!-- containers:start -->
### Containers (same docker CLI, median of $RUNS runs where repeated, $(date -u +%Y-%m-%d))

| operation (s) | Berth | dockerd 20.10 | Berth / dockerd | podman | Berth / podman |
|---|---|---|---|---|---|
$(row 'docker run --rm --network none busybox true' run s)
$(row '20 parallel docker run -d' par20 s)
$(row 'docker ps with 100 running containers' ps100 s)
$(row 'docker rm -f of 20 running containers' rm20 s)
$(row 'docker logs of 100 MB of short lines' logs s)

Daemon RSS (berthd / dockerd, daemon process only): idle after the run --rm series $((${R[berth,rss0]} / 1024)) MiB / $((${R[dockerd,rss0]} / 1024)) MiB;
with 100 running containers $((${R[berth,rss100]} / 1024)) MiB / $((${R[dockerd,rss100]} / 1024)) MiB
(per container $(( (${R[berth,rss100]} - ${R[berth,rss0]}) / 100 )) kB / $(( (${R[dockerd,rss100]} - ${R[dockerd,rss0]}) / 100 )) kB);
after removing them $((${R[berth,rssAfter]} / 1024)) MiB / $((${R[dockerd,rssAfter]} / 1024)) MiB.
docker logs throughput: Berth $(printf %.0f "$(echo "100 / ${R[berth,logs]}" | bc -l)") MB/s, dockerd $(printf %.0f "$(echo "100 / ${R[dockerd,logs]}" | bc -l)") MB/s$(
  [ -n "${R[podman,logs]:-}" ] && printf ', podman %.0f MB/s' "$(echo "100 / ${R[podman,logs]}" | bc -l)").
Load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg).${PODMAN_NOTE:+
Podman: $PODMAN_NOTE.}
<!-- containers:end -->
MD
)
echo "$table"
write_section containers "$table"
