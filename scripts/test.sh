#!/usr/bin/env bash
# Runs every test of the panel on a Debian 12 machine, as root: installs and starts what the tests
# need (idempotently), builds the solution, runs the tests, and prints as its last line
# "N passed, N failed, N skipped". Exits 1 when the build fails, a test fails or no test ran.
#
# Usage: scripts/test.sh [filter]
#   filter: passed to `dotnet test --filter`, e.g. scripts/test.sh "FullyQualifiedName~Core"
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

filter="${1:-}"
results_dir="$repo_root/artifacts/test-results"
log_dir="$repo_root/artifacts/logs"
docker_cli=/usr/bin/docker
dockerd_bin=/usr/sbin/dockerd
chromium_bin=/usr/bin/chromium

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# --- Debian packages --------------------------------------------------------------------------

package_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# A package counts as present when dpkg has it and the files the tests use are there.
# (/usr/local/bin holds an unrelated docker 28 CLI and pg_ctl/initdb links: never trust PATH.)
package_present() {
    case "$1" in
        postgresql) package_installed postgresql && id postgres >/dev/null 2>&1 \
            && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null ;;
        docker.io) package_installed docker.io && [[ -x "$docker_cli" && -x "$dockerd_bin" ]] ;;
        chromium) package_installed chromium && [[ -x "$chromium_bin" ]] ;;
        nginx) package_installed nginx && [[ -x /usr/sbin/nginx ]] ;;
        pebble) package_installed pebble && [[ -x /usr/bin/pebble && -x /usr/bin/pebble-challtestsrv ]] ;;
        python3) command -v python3 >/dev/null 2>&1 ;;
        git) [[ -x /usr/bin/git ]] ;;
        openssh-client) [[ -x /usr/bin/ssh-keygen ]] ;;
        # Adding a server over SSH: the tests start their own sshd on a loopback port.
        openssh-server) [[ -x /usr/sbin/sshd ]] ;;
        busybox-static) [[ -x /bin/busybox ]] && /bin/busybox --list | grep -qx nc ;;
        # The static-site tests build a small React app with Vite (npm registry packages).
        nodejs) command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ;;
        # The install tests: the panel's image is built on stand-ins made with debootstrap, the
        # installer is checked with shellcheck and the compose file with docker-compose.
        debootstrap) [[ -x /usr/sbin/debootstrap ]] ;;
        shellcheck) [[ -x /usr/bin/shellcheck ]] ;;
        docker-compose) [[ -x /usr/bin/docker-compose ]] ;;
        # The installer's firewall rules are loaded for real in a network namespace of their own.
        nftables) package_installed nftables && [[ -x /usr/sbin/nft ]] ;;
        iptables) package_installed iptables && [[ -x /usr/sbin/iptables ]] ;;
        # The multi-node cluster (decision 056): ip netns, veth and bridges; nsenter, unshare and flock.
        iproute2) [[ -x /usr/sbin/ip || -x /bin/ip ]] ;;
        util-linux) command -v nsenter >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1 && command -v flock >/dev/null 2>&1 ;;
        *) package_installed "$1" ;;
    esac
}

install_missing_packages() {
    local missing=() package
    for package in postgresql docker.io chromium nginx pebble busybox-static fonts-dejavu-core python3 git openssh-client openssh-server nodejs \
        debootstrap shellcheck docker-compose nftables iptables python3-aiosmtpd iproute2 util-linux; do
        package_present "$package" || missing+=("$package")
    done
    if [[ " ${missing[*]} " == *" nodejs "* ]]; then
        missing+=(npm)
    fi
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "test dependencies already installed"
        return 0
    fi

    log "installing ${missing[*]}"
    # Keep package scripts from starting services (nginx on :80, a postgres cluster, dockerd):
    # the tests start their own instances.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
        added_policy=1
    fi
    local status=0
    apt-get update -q || status=$?
    if [[ $status -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || status=$?
    fi
    if [[ $added_policy -eq 1 ]]; then
        rm -f "$policy"
    fi
    if [[ $status -ne 0 ]]; then
        warn "apt-get failed (exit $status) installing ${missing[*]}; tests that need them will fail."
    fi
}

# --- Docker engine (no systemd here: start dockerd ourselves) ---------------------------------

docker_answers() {
    [[ -x "$docker_cli" ]] && timeout 15 "$docker_cli" info >/dev/null 2>&1
}

start_docker() {
    if docker_answers; then
        log "Docker engine is running"
        return 0
    fi
    if [[ ! -x "$dockerd_bin" ]]; then
        warn "$dockerd_bin is missing; tests that need Docker will fail."
        return 0
    fi

    local pid_file=/var/run/docker.pid
    if [[ -s "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        log "dockerd (pid $(cat "$pid_file")) is starting; waiting for it"
    else
        rm -f "$pid_file"
        mkdir -p "$log_dir"
        log "starting dockerd (log: $log_dir/dockerd.log)"
        nohup "$dockerd_bin" </dev/null >"$log_dir/dockerd.log" 2>&1 &
    fi

    local waited
    for ((waited = 0; waited < 60; waited++)); do
        if docker_answers; then
            log "Docker engine is up after ${waited}s"
            return 0
        fi
        sleep 1
    done
    warn "the Docker engine did not answer '$docker_cli info' within 60 s (see $log_dir/dockerd.log);" \
        "tests that need Docker will fail."
}

# --- Results ----------------------------------------------------------------------------------

# Prints failed tests with the first lines of their message, then "N passed, N failed, N skipped" summed over every .trx file.
summarize_results() {
    python3 - "$results_dir" <<'PY'
import pathlib
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for trx in sorted(pathlib.Path(sys.argv[1]).glob("**/*.trx")):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as error:
        print(f"could not read {trx}: {error}")
        continue
    counters = root.find("{*}ResultSummary/{*}Counters")
    if counters is None:
        print(f"no counters in {trx}")
        continue
    total = int(counters.get("total", 0))
    file_passed = int(counters.get("passed", 0))
    file_failed = int(counters.get("failed", 0))
    passed += file_passed
    failed += file_failed
    skipped += total - file_passed - file_failed
    for result in root.findall(".//{*}UnitTestResult"):
        if result.get("outcome") == "Failed":
            print(f"FAILED: {result.get('testName')}")
            message = result.find("{*}Output/{*}ErrorInfo/{*}Message")
            if message is not None and message.text:
                for line in message.text.strip().splitlines()[:6]:
                    print(f"    {line[:300]}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

# --- The multi-node cluster's root file system (decision 056) ------------------------------------

# Debian 13 with docker.io, built once per machine with debootstrap and cached; the cluster tests build it
# themselves when it is missing, but a cold build (about two minutes) is better spent before the tests' clocks start.
prepare_cluster_rootfs() {
    if [[ -n "$filter" && "$filter" != *Cluster* && "${DROPIT_TEST_ENGINE:-}" != cluster ]]; then
        return 0
    fi
    log "preparing the multi-node cluster's root file system (cached after the first run)"
    if ! bash tests/Panel.TestSupport/Cluster/build-node-rootfs.sh >/dev/null 2>"$log_dir/node-rootfs.log"; then
        warn "building the cluster's root file system failed (see $log_dir/node-rootfs.log); the cluster tests will fail."
    fi
}

# --- Main -------------------------------------------------------------------------------------

install_missing_packages
start_docker
mkdir -p "$log_dir"
prepare_cluster_rootfs

export DROPIT_TEST_CHROMIUM="$chromium_bin"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

rm -rf "$results_dir"
mkdir -p "$results_dir"

if ! command -v dotnet >/dev/null 2>&1; then
    warn "the .NET SDK (dotnet) is not on PATH; install the SDK global.json names."
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
fi

log "dotnet build DropIt.Panel.sln -c Release"
build_status=0
dotnet build DropIt.Panel.sln -c Release || build_status=$?
if [[ $build_status -ne 0 ]]; then
    echo "BUILD FAILED (exit $build_status): no test was run."
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
fi

test_args=(DropIt.Panel.sln -c Release --no-build --logger "trx;LogFilePrefix=results"
    --results-directory "$results_dir")
if [[ -n "$filter" ]]; then
    test_args+=(--filter "$filter")
fi
log "dotnet test ${test_args[*]}"
test_status=0
test_started=$SECONDS
dotnet test "${test_args[@]}" || test_status=$?
# The deploy, logs and monitoring suites once more, against the multi-node cluster's Docker 26 manager (decision 056).
if [[ -z "$filter" ]]; then
    docker26_filter="FullyQualifiedName~IntegrationTests.Deployments|FullyQualifiedName~IntegrationTests.Logs|FullyQualifiedName~IntegrationTests.Monitoring"
    log "the same deploy, logs and monitoring tests against Docker 26 (DROPIT_TEST_ENGINE=cluster)"
    DROPIT_TEST_ENGINE=cluster dotnet test tests/Panel.IntegrationTests -c Release --no-build \
        --logger "trx;LogFilePrefix=docker26" --results-directory "$results_dir" --filter "$docker26_filter" || test_status=$?
fi
test_seconds=$((SECONDS - test_started))

summary="$(summarize_results || true)"
totals="${summary##*$'\n'}"
if [[ ! "$totals" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
    echo "$summary"
    echo "could not read the test results in $results_dir"
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
fi
passed="${BASH_REMATCH[1]}"
failed="${BASH_REMATCH[2]}"

echo "test results: $results_dir"
echo "test time: ${test_seconds} s ($((test_seconds / 60)) min $((test_seconds % 60)) s), build and set-up not included"
exit_code=0
if [[ $failed -gt 0 ]]; then
    exit_code=1
elif [[ $((passed + failed)) -eq 0 ]]; then
    echo "NO TEST RAN${filter:+ (filter: $filter)}."
    exit_code=1
elif [[ $test_status -ne 0 ]]; then
    echo "dotnet test exited with $test_status although no test failed (a test host crashed?)."
    exit_code=1
fi
echo "$summary"
exit "$exit_code"
