#!/usr/bin/env bash
# Builds the panel (Release) and runs the benchmark against it: RSS after start-up, RSS with 500 projects /
# 2,000 services, and the project list's server time. Prints a table; exits 0 whatever the figures.
#
# Usage: bench/run.sh [-- --env KEY=VALUE ...]   (extra environment for the panel process, for experiments)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/src/Panel.Web" -c Release
dotnet run --project bench/Panel.Bench -c Release "$@"
