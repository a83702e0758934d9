#!/usr/bin/env bash
# The README's test command: on a fresh machine with Node 20 and nothing else, install what the tests
# need, then typecheck, lint and run the whole suite. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

# Test-time Debian packages (the service itself needs none: npm ci brings ffprobe):
# ffmpeg runs the printed fix commands and makes damaged media; chromium drives the upload page;
# redis-server backs the job tests of the Redis engine (each test starts its own on a random loopback port).
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/redis-server ]] || need+=(redis-server)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${need[*]}. Run as root, or first: sudo apt-get install ${need[*]}" >&2
    exit 2
  fi
fi

npm ci --no-audit --no-fund
npm run typecheck
npm run lint
npm run format:check
npm run cycles
# The JSON report only feeds the plain closing line below.
npm test -- --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
node -e 'const r = require("./test-output/vitest.json"); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)'
