#!/usr/bin/env bash
# Builds the panel and the benchmark (Release) and runs the backups mode: a PostgreSQL 15 database created through the
# panel and filled to 1 GB of table data, backed up through the panel to a local S3 server (s3rver) 3 times, each run
# beside a bare `pg_dump -Fc | cat > /dev/null` of the same database; the panel's RSS is read during each backup.
# Prints a table; exits 0 whatever the figures, 1 when it could not measure.
#
# Usage: bench/backups.sh [-- [--size-mb N] [--runs N] [--verify]]
#
# Needs: dockerd running (swarm mode is initialised by the panel when off), /usr/bin/docker, the stand-in image
# postgres:15-alpine (built by tests/fixtures/database-images/build.sh when missing: root, debootstrap), the PostgreSQL
# server programs, and Node.js with npm (s3rver is installed once into ~/.cache/dropit-panel-tests). About 2.5 GB of
# free space at the default size (the database's volume and the stored backups).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release -p:UseSharedCompilation=false
dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- backups "$@"
