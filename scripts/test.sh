#!/usr/bin/env bash
# Installs what the tests need (as root), then runs every test: unit, architecture and the
# integration tests that boot real berthd and a reference dockerd and drive them with the docker CLI.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh

if [[ "$(id -u)" -eq 0 ]]; then
  # docker.io: the reference dockerd 20.10 and a docker CLI; its postinst must not start a daemon
  # tmux drives the interactive `docker exec -it` test through a real terminal
  # docker-compose: Debian's 1.29 (python), driven against berthd by ComposeIT
  install_packages "${BERTH_RUNTIME_PACKAGES[@]}" docker.io containerd openssl tmux docker-compose
else
  say "not root: skipping package installation; integration tests will be skipped"
fi
require_jdk25

say "running ./mvnw -B verify"
exec ./mvnw -B verify "$@"
