#!/usr/bin/env bash
# Benchmark: `docker load` and `docker pull` of a ~200 MB image, Berth vs dockerd side by side.
# Usage: bench/image-transfer.sh [runs]   (needs root, dockerd from Debian's docker.io, docker-registry)
# Writes the figures into docs/performance.md between the image-transfer markers.
source "$(dirname "$0")/lib.sh"
RUNS=${1:-3}
SIZE_MB=${SIZE_MB:-200}

make_big_image_tar() {
  local rootfs=$BENCH_TMP/rootfs
  mkdir -p "$rootfs/bin" "$rootfs/data"
  cp /bin/busybox "$rootfs/bin/"
  # 40 files of pseudo-random data: incompressible, like real binaries, and reproducible
  for i in $(seq 1 40); do
    # openssl dies of SIGPIPE when head has enough: expected, so no pipefail here
    (set +o pipefail; openssl enc -aes-128-ctr -pass pass:berth$i -nosalt -pbkdf2 </dev/zero 2>/dev/null \
      | head -c $((SIZE_MB * 1024 * 1024 / 40)) >"$rootfs/data/blob$i")
  done
  tar -C "$rootfs" -cf "$BENCH_TMP/rootfs.tar" .
}

start_registry
start_berth
start_dockerd
make_big_image_tar
# One engine builds the image and its save tar; both engines load the same tar.
dk "$DOCKERD_HOST" import "$BENCH_TMP/rootfs.tar" bench/big:1 >/dev/null
dk "$DOCKERD_HOST" save -o "$BENCH_TMP/big.tar" bench/big:1
dk "$DOCKERD_HOST" tag bench/big:1 "127.0.0.1:$REGISTRY_PORT/bench/big:1"
dk "$DOCKERD_HOST" push "127.0.0.1:$REGISTRY_PORT/bench/big:1" >/dev/null
dk "$DOCKERD_HOST" rmi -f bench/big:1 "127.0.0.1:$REGISTRY_PORT/bench/big:1" >/dev/null

measure() {
  local host=$1 what=$2
  for _ in $(seq "$RUNS"); do
    case $what in
      load) t=$(time_it dk "$host" load -i "$BENCH_TMP/big.tar"); dk "$host" rmi -f bench/big:1 >/dev/null ;;
      pull) t=$(time_it dk "$host" pull "127.0.0.1:$REGISTRY_PORT/bench/big:1"); dk "$host" rmi -f "127.0.0.1:$REGISTRY_PORT/bench/big:1" >/dev/null ;;
    esac
    echo "$t"
  done | median
}

declare -A R
for what in load pull; do
  R[berth_$what]=$(measure "$BERTH_HOST" $what)
  R[dockerd_$what]=$(measure "$DOCKERD_HOST" $what)
done

table=$(cat <<MD
<!-- image-transfer:start -->
### Image transfer (${SIZE_MB} MB image, median of $RUNS runs, $(date -u +%Y-%m-%d))

| operation | Berth (s) | dockerd 20.10 (s) | Berth / dockerd |
|---|---|---|---|
| docker load | $(printf %.2f "${R[berth_load]}") | $(printf %.2f "${R[dockerd_load]}") | $(printf %.2f "$(echo "${R[berth_load]} / ${R[dockerd_load]}" | bc -l)") |
| docker pull (local registry) | $(printf %.2f "${R[berth_pull]}") | $(printf %.2f "${R[dockerd_pull]}") | $(printf %.2f "$(echo "${R[berth_pull]} / ${R[dockerd_pull]}" | bc -l)") |
<!-- image-transfer:end -->
MD
)
echo "$table"
doc=$ROOT/docs/performance.md
mkdir -p "$(dirname "$doc")"
[ -f "$doc" ] || printf '# Performance\n\nFigures from `bench/` scripts, Berth side by side with a reference dockerd on the same machine.\n\n' >"$doc"
python3 - "$doc" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"<!-- image-transfer:start -->.*?<!-- image-transfer:end -->", re.S)
text = pattern.sub(table, text) if pattern.search(text) else text.rstrip() + "\n\n" + table + "\n"
open(path, "w").write(text)
PY
