#!/usr/bin/env bash
# Shared helpers for the benchmarks: start Berth, a reference dockerd and a local registry, each
# with its own temp dirs and socket, and stop them by pid. Everything lives under $BENCH_TMP.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BENCH_TMP=${BENCH_TMP:-$(mktemp -d /tmp/berth-bench.XXXXXX)}
PIDS=()

cleanup() {
  # containers first, while their engines still run: killing conmon would orphan their processes
  for host in ${BERTH_HOST:-} ${DOCKERD_HOST:-} ${PODMAN_HOST:-}; do
    ids=$(DOCKER_HOST=$host DOCKER_CONFIG=$BENCH_TMP/cli timeout 60 docker ps -aq 2>/dev/null || true)
    [ -n "$ids" ] && DOCKER_HOST=$host DOCKER_CONFIG=$BENCH_TMP/cli timeout 120 docker rm -f $ids >/dev/null 2>&1 || true
  done
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # helpers the engines spawned (podman's conmon and cleanup processes) carry our unique temp dir
  # in their command line: they are ours, so stop them by pid too
  for pid in $(pgrep -f "$BENCH_TMP" || true); do
    [ "$pid" != $$ ] && kill -KILL "$pid" 2>/dev/null || true
  done
  # dockerd bind-mounts its data root and leaves mounts behind if it is killed hard: unmount
  # everything under our dir (twice: a lazy unmount can reveal a mount stacked below it)
  for _ in 1 2; do
    grep " $BENCH_TMP" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  done
  if grep -q " $BENCH_TMP" /proc/mounts; then
    echo "warning: mounts left under $BENCH_TMP; not deleting it" >&2
  else
    rm -rf "$BENCH_TMP"
  fi
}
trap cleanup EXIT
# a signal (or a closed output pipe) must still run the cleanup, so turn it into a normal exit
trap 'exit 130' INT TERM HUP PIPE

wait_for_socket() {
  local sock=$1
  for _ in $(seq 150); do
    curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "daemon on $sock did not come up" >&2
  return 1
}

start_berth() {
  local d=$BENCH_TMP/berth
  mkdir -p "$d"
  echo '{}' >"$d/daemon.json"
  "$ROOT/bin/berthd" --host "unix://$d/berth.sock" --data-root "$d/data" --exec-root "$d/exec" \
    --pidfile "$d/berthd.pid" --config-file "$d/daemon.json" --insecure-registry "127.0.0.1:$REGISTRY_PORT" \
    --bridge none >"$d/log" 2>&1 &  # as the dockerd beside it: no default bridge on the host
  PIDS+=($!)
  wait_for_socket "$d/berth.sock"
  BERTH_HOST="unix://$d/berth.sock"
}

start_dockerd() {
  local d=$BENCH_TMP/dockerd
  mkdir -p "$d"
  dockerd --host "unix://$d/docker.sock" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid" \
    --bridge none --iptables=false --ip-masq=false --insecure-registry "127.0.0.1:$REGISTRY_PORT" \
    >"$d/log" 2>&1 &
  PIDS+=($!)
  wait_for_socket "$d/docker.sock"
  DOCKERD_HOST="unix://$d/docker.sock"
}

start_podman() {
  local d=$BENCH_TMP/podman
  mkdir -p "$d"
  # Container rlimits must not exceed the hard limits podman itself runs with: runc cannot raise
  # them here, as this machine gives root no CAP_SYS_RESOURCE (and with a raise denied runc fails
  # the create, which the CLI sees as "unable to upgrade to tcp, received 409" from the attach).
  # podman asks for nofile=1048576 by default, above this machine's hard limit. And at startup
  # podman (containers/common's getDefaultProcessLimits) lowers its own RLIMIT_NPROC to
  # kernel.pid_max, so nproc must be the lower of our hard limit and pid_max.
  local nofile nproc pid_max
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  pid_max=$(cat /proc/sys/kernel/pid_max)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; then nproc=$pid_max; fi
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$nofile" "$nofile" "$nproc" "$nproc" >"$d/containers.conf"
  export CONTAINERS_CONF=$d/containers.conf
  # podman's Docker-compatible API, with storage and state of its own; runc because crun refuses
  # this machine's hybrid cgroups
  podman --root "$d/root" --runroot "$d/runroot" --tmpdir "$d/tmp" --runtime /usr/sbin/runc --cgroup-manager cgroupfs \
    --events-backend file system service --time=0 "unix://$d/podman.sock" >"$d/log" 2>&1 &
  PIDS+=($!)
  wait_for_socket "$d/podman.sock"
  PODMAN_HOST="unix://$d/podman.sock"
}

# Resident set size of a process in kB.
rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_registry() {
  local d=$BENCH_TMP/registry
  mkdir -p "$d/data"
  REGISTRY_PORT=$(free_port)
  cat >"$d/config.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $d/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
log:
  level: error
YML
  docker-registry serve "$d/config.yml" >"$d/log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$REGISTRY_PORT/v2/" >/dev/null && return 0; sleep 0.2; done
  echo "registry did not start" >&2
  return 1
}

# Seconds (float) that a command takes.
time_it() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

median() {
  sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# docker CLI against one engine, with its own client config dir
dk() {
  local host=$1
  shift
  DOCKER_HOST=$host DOCKER_CONFIG=$BENCH_TMP/cli docker "$@"
}

# Replaces the section between <!-- NAME:start --> and <!-- NAME:end --> of docs/performance.md
# with $2 (which carries both markers), or appends it when the file has no such section yet.
write_section() {
  python3 - "$ROOT/docs/performance.md" "$1" "$2" <<'PY'
import re, sys
path, name, table = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
pattern = re.compile(r"<!-- %s:start -->.*?<!-- %s:end -->" % (name, name), re.S)
text = pattern.sub(lambda m: table, text) if pattern.search(text) else text.rstrip() + "\n\n" + table + "\n"
open(path, "w").write(text)
PY
}

# A busybox root filesystem tar (an applet link per command, root in /etc/passwd) at $1: the
# image every container benchmark imports as bench/busybox:1.
busybox_rootfs_tar() {
  local rootfs=$BENCH_TMP/busybox-rootfs
  mkdir -p "$rootfs/bin" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$rootfs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  tar -C "$rootfs" -cf "$1" .
}
