#!/usr/bin/env bash
# Builds the panel and the benchmark (Release) and runs the static mode: upload-to-live of a static site release
# (a generated 5,000-file zip of about 20 MB, 2 warm-ups then 7 timed uploads through the API, each checked through
# the static edge), the throughput that makes, and the panel's RSS while a 200 MB zip streams in.
# Prints a table; exits 0 whatever the figures, 1 when it could not measure.
#
# Needs: nginx at /usr/sbin/nginx (the panel runs it as the static edge, StaticSites__EdgeMode=Process, on a free
# loopback port) and the PostgreSQL server programs (/usr/lib/postgresql/*/bin). No Docker. About 1.2 GB of free
# space in the temporary folder.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release -p:UseSharedCompilation=false
dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- static "$@"
