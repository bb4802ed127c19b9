#!/usr/bin/env bash
# Builds the panel and the benchmark (Release) and runs the deploy mode: zero downtime of 5 redeploys under load,
# the panel's time on top of a plain clone + build + run, and the redeploy time of an unchanged repository.
# Prints a table; exits 0 whatever the figures, 1 when it could not measure.
#
# Usage: bench/deploy.sh [-- --only zero-downtime]   (only the two zero-downtime passes)
#
# Needs: dockerd running (swarm mode is initialised by the panel when off), /usr/bin/docker (Debian's CLI, BuildKit
# built in), git, busybox-static (for the local base image) and the PostgreSQL server programs.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release -p:UseSharedCompilation=false
dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- deploy "$@"
