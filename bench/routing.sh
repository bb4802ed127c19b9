#!/usr/bin/env bash
# Builds the benchmark (Release) and runs the routing mode: Traefik's whole dynamic folder for 1,000 services with
# 2 domains each: fresh folder, unchanged folder and one service changed, medians beside their goals ([--runs N]).
# Prints the figures; exits 0 whatever they are. Needs neither Docker nor PostgreSQL.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

dotnet build "$repo_root/bench/Panel.Bench" -c Release -p:UseSharedCompilation=false
if [[ "${1:-}" == "--" ]]; then shift; fi
dotnet run --project bench/Panel.Bench -c Release --no-build -- routing "$@"
