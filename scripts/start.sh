#!/usr/bin/env bash
# Installs what Berth needs (as root), builds it if needed, starts berthd in the background with
# the default layout and makes sure a busybox image exists. Safe to run again.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh

SOCK=/run/berth/berth.sock
PIDFILE=/run/berth/berthd.pid
LOG=/var/log/berth/berthd.log
CONFIG=/etc/berth/daemon.json
DOCKER_HOST_VALUE="unix://$SOCK"

[[ "$(id -u)" -eq 0 ]] || die "berthd runs as root: run sudo $0"
install_packages "${BERTH_RUNTIME_PACKAGES[@]}"
require_jdk25

ping_daemon() { curl -sf --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

needs_build() {
  local jar
  jar="$(ls berth-daemon/target/berth-daemon-*.jar 2>/dev/null | head -n1 || true)"
  [[ -z "$jar" || ! -d berth-daemon/target/lib || ! -d berth-cli/target/lib ]] && return 0
  [[ -n "$(find . -path ./.git -prune -o \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) \
      -newer "$jar" -print -quit)" ]]
}

if needs_build; then
  say "building Berth (./mvnw -q -B -DskipTests package)"
  ./mvnw -q -B -DskipTests package
fi

if [[ ! -e "$CONFIG" ]]; then
  say "creating $CONFIG (dockerd's daemon.json keys; see docs/daemon.md)"
  mkdir -p "$(dirname "$CONFIG")"
  printf '{\n}\n' >"$CONFIG"
fi

running_pid=""
if [[ -s "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then running_pid="$(cat "$PIDFILE")"; fi

if [[ -n "$running_pid" ]] && ping_daemon; then
  say "berthd is already running (pid $running_pid, $SOCK)"
else
  [[ -n "$running_pid" ]] && die "berthd (pid $running_pid) is running but does not answer on $SOCK; see $LOG"
  mkdir -p "$(dirname "$LOG")"
  say "starting berthd (log: $LOG)"
  # defaults: -H unix://$SOCK --data-root /var/lib/berth --exec-root /run/berth --pidfile $PIDFILE
  setsid bin/berthd >>"$LOG" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    ping_daemon && break
    if ! kill -0 $! 2>/dev/null; then
      tail -n 20 "$LOG" >&2
      die "berthd exited during startup; see $LOG"
    fi
    sleep 0.5
  done
  ping_daemon || die "berthd did not answer on $SOCK within 60s; see $LOG"
  say "berthd is up (pid $(cat "$PIDFILE"))"
fi

# An offline busybox:latest, built from the host's static busybox.
api() { curl -s --unix-socket "$SOCK" "$@"; }
if [[ "$(api -o /dev/null -w '%{http_code}' http://localhost/v1.44/images/busybox:latest/json)" != 200 ]]; then
  say "creating busybox:latest from /bin/busybox"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  rootfs="$tmp/rootfs"
  mkdir -p "$rootfs"/{bin,dev,etc,home,proc,root,sys,tmp,usr,var}
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf "$tmp/rootfs.tar" .
  if command -v docker >/dev/null 2>&1; then
    DOCKER_HOST="$DOCKER_HOST_VALUE" DOCKER_CONFIG="$tmp/docker-config" \
      docker import --change 'CMD ["sh"]' - busybox:latest <"$tmp/rootfs.tar" >/dev/null \
      || say "WARNING: could not import busybox:latest (see above and $LOG)"
  else
    # no docker CLI: the same call through the Engine API
    out="$(api -X POST -H 'Content-Type: application/x-tar' --data-binary @"$tmp/rootfs.tar" \
      'http://localhost/v1.44/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22sh%22%5D')"
    grep -q '"errorDetail"\|"message"' <<<"$out" && say "WARNING: could not import busybox:latest: $out"
  fi
fi

cat <<USAGE

Berth is running. Use it with the docker CLI:

  export DOCKER_HOST=$DOCKER_HOST_VALUE
  docker version
  docker images

Berth's own CLI:   $repo/bin/berth info
Logs:              $LOG
Stop:              kill \$(cat $PIDFILE)
USAGE
