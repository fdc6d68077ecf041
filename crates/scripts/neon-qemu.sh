#!/usr/bin/env bash
# NEON lane on an x86-64 machine: cross-compile the kernels crate for aarch64 with Debian's rustc
# and aarch64 std, run its harness-free test binary under qemu-user, and require NEON dispatch.
# Usage: bash crates/scripts/neon-qemu.sh [--install]   (--install: apt-get the toolchain first)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--install" ]; then
  dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web libstd-rust-web-dev:arm64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static >/dev/null
fi
export RUSTC=/usr/bin/rustc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu"
output=$(cargo test --release -p dia-kernels --target aarch64-unknown-linux-gnu --target-dir target-aarch64 --test neon_harness 2>&1)
echo "$output" | tail -3
echo "$output" | grep -q "detected level: neon" || { echo "NEON was not dispatched"; exit 1; }
