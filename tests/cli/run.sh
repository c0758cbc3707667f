#!/usr/bin/env bash
# run.sh -- run every tests/cli/test_*.sh; each prints one line per check.
# Needs SIMSCM (the binary) and CLI_DIR (where cli.mk built the ELFs).
set -u
cd "$(dirname "$0")/../.."
: "${SIMSCM:?}" "${CLI_DIR:?}"
export SIMSCM CLI_DIR QEMU="${QEMU:-}"
failed=0
for t in tests/cli/test_*.sh; do
    bash "$t" || failed=$((failed + 1))
done
if [ "$failed" -ne 0 ]; then
    echo "test-cli: $failed group(s) failed"
    exit 1
fi
echo "test-cli: all groups passed"
