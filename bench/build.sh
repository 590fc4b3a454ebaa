#!/usr/bin/env bash
# Benchmark: docker build (classic builder, POST /build) of a 10-step Dockerfile, cold (--no-cache)
# and fully cached, through the same docker CLI against Berth and dockerd.
# Usage: bench/build.sh [runs]   (root; dockerd from docker.io)
# Writes the figures into docs/performance.md between the build markers.
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
REGISTRY_PORT=0
# docker CLI 28 would hand the build to buildx when installed; this pins POST /build on both engines
export DOCKER_BUILDKIT=0

start_berth
start_dockerd
declare -A HOST=([berth]=$BERTH_HOST [dockerd]=$DOCKERD_HOST)
engines=(berth dockerd)

busybox_rootfs_tar "$BENCH_TMP/rootfs.tar"
for e in "${engines[@]}"; do dk "${HOST[$e]}" import "$BENCH_TMP/rootfs.tar" bench/busybox:1 >/dev/null; done

ctx=$BENCH_TMP/context
mkdir -p "$ctx/site"
head -c 1000000 /dev/urandom >"$ctx/data.bin"
for i in $(seq 50); do echo "page $i" >"$ctx/site/page$i.html"; done
cat >"$ctx/Dockerfile" <<'DF'
FROM bench/busybox:1
LABEL maintainer="bench@example.com"
ENV APP_HOME=/srv/app
WORKDIR $APP_HOME
COPY data.bin ./
ADD site ./site
RUN mkdir -p /var/cache/app && echo built > /var/cache/app/stamp
RUN ls site | wc -l > site.count
EXPOSE 8080
CMD ["httpd", "-f", "-p", "8080"]
DF

declare -A R
for e in "${engines[@]}"; do
  h=${HOST[$e]}
  dk "$h" build --network none -t bench/app:1 "$ctx" >/dev/null 2>&1 # warm-up: JIT, page cache
  R[$e,cold]=$(for _ in $(seq "$RUNS"); do time_it dk "$h" build --network none --no-cache -t bench/app:1 "$ctx" 2>/dev/null; done | median)
  R[$e,cached]=$(for _ in $(seq "$RUNS"); do time_it dk "$h" build --network none -t bench/app:1 "$ctx" 2>/dev/null; done | median)
done

ratio() { printf %.2f "$(echo "$1 / $2" | bc -l)"; }
row() {
  local label=$1 key=$2
  echo "| $label | $(printf %.3f "${R[berth,$key]}") | $(printf %.3f "${R[dockerd,$key]}") | $(ratio "${R[berth,$key]}" "${R[dockerd,$key]}") |"
}
table=$(cat <<MD
<!-- build:start -->
### Build (classic builder, same docker CLI with DOCKER_BUILDKIT=0, median of $RUNS runs, $(date -u +%Y-%m-%d))

10-step Dockerfile (LABEL, ENV, WORKDIR, COPY of 1 MB, ADD of 50 files, 2 RUN, EXPOSE, CMD) on a busybox base, \`--network none\`.

| operation (s) | Berth | dockerd 20.10 | Berth / dockerd |
|---|---|---|---|
$(row 'docker build --no-cache (cold)' cold)
$(row 'docker build, every step cached' cached)
<!-- build:end -->
MD
)
echo "$table"
write_section build "$table"
