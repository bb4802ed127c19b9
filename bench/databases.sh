#!/usr/bin/env bash
# Builds the panel and the benchmark (Release) and runs the databases mode: create-to-ready of a PostgreSQL 15 database
# through the panel next to docker run of the same image (5 runs each, side by side), and the downtime of 5 stop-first
# redeploys seen by a client that queries the database by name from the panel's network every ~20 ms.
# Prints a table; exits 0 whatever the figures, 1 when it could not measure.
#
# Usage: bench/databases.sh [-- --only create|downtime] [--runs N]
#
# Needs: dockerd running (swarm mode is initialised by the panel when off), /usr/bin/docker, the stand-in image
# postgres:15-alpine (built by tests/fixtures/database-images/build.sh when missing: root, debootstrap) and the
# PostgreSQL server programs.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release -p:UseSharedCompilation=false
dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- databases "$@"
