# Shared by scripts/start.sh and scripts/test.sh. Source it; do not run it.

BERTH_JAVA_HOME_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Points JAVA_HOME at a JDK 25 or stops with instructions.
require_jdk25() {
  export JAVA_HOME="${JAVA_HOME:-$BERTH_JAVA_HOME_DEFAULT}"
  if [[ ! -x "$JAVA_HOME/bin/java" ]]; then
    die "no JDK at $JAVA_HOME. Berth needs Java 25: install Temurin 25 (https://adoptium.net, apt package temurin-25-jdk) into $BERTH_JAVA_HOME_DEFAULT or set JAVA_HOME."
  fi
  local feature
  feature="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "$feature" == 25 ]] || die "$JAVA_HOME is Java $feature; Berth needs Java 25 (set JAVA_HOME)."
}

# Installs the Debian packages that are missing (needs root). Services that packages would start
# (docker.io starts a dockerd in its postinst) are held back with a policy-rc.d that exits 101;
# the file is removed afterwards only if this function created it.
apt_updated=0
install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
  fi
  say "installing ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# installed by Berth scripts: do not start services during package installation\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    created_policy=1
  fi
  local rc=0
  {
    if [[ $apt_updated -eq 0 ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  } || rc=$?
  [[ $created_policy -eq 1 ]] && rm -f "$policy"
  [[ $rc -eq 0 ]] || die "apt-get failed (exit $rc) installing: ${missing[*]}"
}

# The packages Berth's engine uses at run time.
# e2fsprogs and util-linux: size-limited volumes and layers (mkfs.ext4, losetup), nsenter for networking
BERTH_RUNTIME_PACKAGES=(runc conmon busybox-static iptables iproute2 tini docker-registry apache2-utils curl ca-certificates
  e2fsprogs util-linux)
