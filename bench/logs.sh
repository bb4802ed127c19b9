#!/usr/bin/env bash
# Builds the panel and the benchmark (Release) and runs the logs mode: live logs delivered to a real browser. The panel's
# RSS while 10 pages each follow a chatty service (about 500 lines/s each) for 60 s, then 3 bursts of 300,000 lines
# written at full speed, each followed by one page: lines per second into the page and lines lost.
# Prints a table; exits 0 whatever the figures, 1 when it could not measure.
#
# Needs: dockerd running with /usr/bin/docker (the busybox image dropit-test/busybox:latest is built from /bin/busybox,
# busybox-static, when missing), Chromium at /usr/bin/chromium (or DROPIT_TEST_CHROMIUM) and the PostgreSQL server
# programs (/usr/lib/postgresql/*/bin). Options after --: --only memory|throughput, --rate N (lines/s of each chatty
# container in the memory part; 0 keeps the same pages and streams with quiet containers).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release -p:UseSharedCompilation=false
dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- logs "$@"
