#!/usr/bin/env bash
# Runs a test command with a fresh, empty temporary directory of its own (TMPDIR), then fails naming whatever the
# run left in it. Inside jest each test file already fails on its own leftovers (tests/support/temp-environment.js);
# this also catches what jest, the typecheck or a process outliving its test file writes.
#
#   scripts/test-clean-tmp.sh                      # npm test
#   scripts/test-clean-tmp.sh npm run test:e2e
#
# Exit status: the command's, or 1 when it passed but left files (the folder is then kept for inspection).
set -uo pipefail

if [ "$#" -eq 0 ]; then set -- npm test; fi

outer="${TMPDIR:-/tmp}"
run_tmp="$(mktemp -d "${outer%/}/test-clean-tmp.XXXXXX")" || exit 1

TMPDIR="$run_tmp" "$@"
status=$?

leftovers="$(find "$run_tmp" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort)"
if [ -n "$leftovers" ]; then
  count="$(printf '%s\n' "$leftovers" | wc -l)"
  echo "test-clean-tmp: '$*' left $count entries in its temporary directory $run_tmp (kept for inspection):" >&2
  printf '%s\n' "$leftovers" | sed 's/^/  /' >&2
  [ "$status" -ne 0 ] || status=1
else
  rmdir "$run_tmp"
  echo "test-clean-tmp: '$*' left nothing in its temporary directory" >&2
fi
exit "$status"
