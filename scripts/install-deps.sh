#!/bin/sh
# install-deps.sh -- install the Debian packages simscm needs, if any are
# missing.  Safe to run again: it does nothing when all are present.
# Needs root (or sudo) only when something must be installed.
set -eu

PKGS="build-essential pkg-config libelf-dev libinih-dev libfdt-dev libcmocka-dev
libsdl2-dev gnuplot-nox gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
qemu-system-misc python3 python3-tqdm slurm-wlm munge gdb-multiarch opensbi u-boot-qemu
libsdl2-ttf-dev fonts-dejavu-core xvfb xauth xdotool x11-apps netpbm clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: error: these Debian packages are missing:$missing" >&2
    echo "install-deps: run this script as root (or install sudo) to install them." >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: error: apt-get not found; simscm's set-up needs Debian 12 (or a derivative)." >&2
    echo "install-deps: install by hand:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q >/dev/null; then
    echo "install-deps: error: apt-get update failed (no network or no package mirror?)." >&2
    exit 1
fi
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null; then
    echo "install-deps: error: apt-get install failed for:$missing" >&2
    exit 1
fi
echo "install-deps: done."
