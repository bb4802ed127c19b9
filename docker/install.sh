#!/bin/sh
# DropIt Panel installer for a Debian or Ubuntu server.
#
#   curl -fsSL https://raw.githubusercontent.com/dropit/panel/main/docker/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --domain panel.example.com --email ops@example.com
#   sh docker/install.sh --dry-run            (from a checkout: prints the plan, changes nothing)
#
# Installs Docker when missing, initialises the swarm, creates the "dropit" overlay network and the data
# folder, generates the database password once (openssl rand) into /etc/dropit/dropit.env (0600) and the master key
# that encrypts the panel's key ring into /etc/dropit/master.key (0600, the panel's user; never replaced), starts
# docker/compose.yml (panel, PostgreSQL, Traefik, static edge) and waits until the panel is healthy, then prints
# the one-time setup token the panel's setup page asks for (or, with --admin-email, where the admin's password is).
# Running it again upgrades in place: new images, the same data, the same secrets.
# See docs/install.md; `install.sh --help` lists the options.
set -eu

INSTALL_URL=https://raw.githubusercontent.com/dropit/panel/main/docker/install.sh
DEFAULT_IMAGE=ghcr.io/dropit/panel:latest
PANEL_UID=1654
NETWORK=dropit
PROJECT=dropit
POSTGRES_VOLUME=dropit-postgres-data
FIRST_RUN_ROUTE=install-first-run.yml

usage() {
    cat <<EOF
Usage: install.sh [options]       (as root; e.g. curl -fsSL $INSTALL_URL | sh -s -- --domain ...)

  --domain NAME        the panel's domain (DNS A/AAAA record to this server); also DROPIT_DOMAIN
  --email ADDRESS      contact email for Let's Encrypt; also DROPIT_ACME_EMAIL
  --admin-email ADDR   create the admin unattended; its password is generated into the env file
                       (DROPIT_ADMIN_PASSWORD) for the first start, then moved to a root-only file
                       (admin-password beside it); also DROPIT_ADMIN_EMAIL. Without it, the setup page
                       creates the admin with the one-time setup token this installer prints.
  --image IMAGE        the panel's image (default $DEFAULT_IMAGE); also DROPIT_IMAGE
  --data-dir DIR       the data folder (default /var/lib/dropit); also DROPIT_DATA_DIR
  --encrypt-networks   create the projects' networks encrypted (IPsec between swarm nodes; set on a new panel,
                       later in Settings > General); also DROPIT_ENCRYPT_NETWORKS=true
  --no-firewall        leave the host firewall alone (by default Docker Swarm's ports 2377/tcp, 7946/tcp+udp
                       and 4789/udp are closed to all but this machine and private networks)
  --config-only        write the settings and files, start nothing (Docker must be installed)
  --dry-run            check this machine and print what would be done; change nothing
  -h, --help           this text

Values given once are kept in the env file and reused when the installer runs again.
Other environment variables: DROPIT_CONFIG_DIR (default /etc/dropit), DROPIT_HTTP_PORT and
DROPIT_HTTPS_PORT (published ports, default 80 and 443), DROPIT_ADVERTISE_ADDR (swarm address; default: this
machine's private address when it has one), DROPIT_SWARM_PEERS (more addresses or networks allowed to reach the
swarm's ports, e.g. other nodes' public addresses), DROPIT_PUBLIC_ADDR (the address the panel gives for DNS
records and generated domains; default: the default route's address when it is public),
DROPIT_SYSTEMD_DIR (default /etc/systemd/system),
DROPIT_SOURCE_URL (where compose.yml is downloaded from when not run from a checkout),
DROPIT_WAIT_SECONDS (default 300), DROPIT_DOCKER (the docker command), DROPIT_DOCKER_SOCKET,
DROPIT_OS_RELEASE (default /etc/os-release).
EOF
}

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
ok() { printf '  ok: %s\n' "$*"; }
warn() { printf '  warning: %s\n' "$*" >&2; }
fail() {
    printf '\nerror: %s\n' "$*" >&2
    exit 1
}

dry() { [ "$DRY_RUN" = 1 ]; }

# An action: printed with "would" in a dry run, announced then done otherwise.
act() {
    if dry; then say "  would $*"; else say "  $*"; fi
}

# Commands never read standard input: with `curl ... | sh` it holds the rest of this script.
run() {
    if dry; then
        say "  would run: $*"
    else
        say "  + $*"
        "$@" </dev/null
    fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------- options

DRY_RUN=0
CONFIG_ONLY=0
DOMAIN_FLAG='' EMAIL_FLAG='' ADMIN_FLAG='' IMAGE_FLAG='' DATA_FLAG=''
DOMAIN_GIVEN=0 EMAIL_GIVEN=0 ADMIN_GIVEN=0 IMAGE_GIVEN=0 DATA_GIVEN=0
ENCRYPT_GIVEN=0 FIREWALL=1

need_value() {
    [ "$2" -ge 2 ] || fail "$1 needs a value (see --help)"
}

while [ $# -gt 0 ]; do
    case $1 in
        --dry-run) DRY_RUN=1 ;;
        --config-only) CONFIG_ONLY=1 ;;
        --encrypt-networks) ENCRYPT_GIVEN=1 ;;
        --no-firewall) FIREWALL=0 ;;
        --domain) need_value "$1" $#; DOMAIN_FLAG=$2; DOMAIN_GIVEN=1; shift ;;
        --domain=*) DOMAIN_FLAG=${1#*=}; DOMAIN_GIVEN=1 ;;
        --email) need_value "$1" $#; EMAIL_FLAG=$2; EMAIL_GIVEN=1; shift ;;
        --email=*) EMAIL_FLAG=${1#*=}; EMAIL_GIVEN=1 ;;
        --admin-email) need_value "$1" $#; ADMIN_FLAG=$2; ADMIN_GIVEN=1; shift ;;
        --admin-email=*) ADMIN_FLAG=${1#*=}; ADMIN_GIVEN=1 ;;
        --image) need_value "$1" $#; IMAGE_FLAG=$2; IMAGE_GIVEN=1; shift ;;
        --image=*) IMAGE_FLAG=${1#*=}; IMAGE_GIVEN=1 ;;
        --data-dir) need_value "$1" $#; DATA_FLAG=$2; DATA_GIVEN=1; shift ;;
        --data-dir=*) DATA_FLAG=${1#*=}; DATA_GIVEN=1 ;;
        -h | --help) usage; exit 0 ;;
        *) fail "unknown option \"$1\" (see --help)" ;;
    esac
    shift
done

CONFIG_DIR=${DROPIT_CONFIG_DIR:-/etc/dropit}
ENV_FILE=$CONFIG_DIR/dropit.env
PANEL_ENV_FILE=$CONFIG_DIR/panel.env
COMPOSE_PATH=$CONFIG_DIR/compose.yml
ADMIN_PASSWORD_FILE=$CONFIG_DIR/admin-password
MASTER_KEY_FILE=$CONFIG_DIR/master.key
OS_RELEASE=${DROPIT_OS_RELEASE:-/etc/os-release}
DOCKER=${DROPIT_DOCKER:-docker}
DOCKER_SOCKET=${DROPIT_DOCKER_SOCKET:-/var/run/docker.sock}
SOURCE_URL=${DROPIT_SOURCE_URL:-https://raw.githubusercontent.com/dropit/panel/main/docker}
WAIT_SECONDS=${DROPIT_WAIT_SECONDS:-300}
export DEBIAN_FRONTEND=noninteractive

# The value of KEY in the env file (the last one), empty when the file or the key is missing.
file_value() {
    [ -f "$ENV_FILE" ] || return 0
    sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1
}

file_has() {
    [ -f "$ENV_FILE" ] && grep -q "^$1=" "$ENV_FILE"
}

# setting FLAG_GIVEN FLAG_VALUE ENV_NAME DEFAULT: the flag, else the environment variable (even empty),
# else the env file's value, else the default.
setting() {
    if [ "$1" = 1 ]; then
        printf '%s' "$2"
    elif eval "[ \"\${$3+set}\" = set ]"; then
        eval "printf '%s' \"\${$3}\""
    elif file_has "$3"; then
        file_value "$3"
    else
        printf '%s' "$4"
    fi
}

# ----------------------------------------------------------------------------------------------- checks

check_root() {
    [ "$(id -u)" = 0 ] || fail "the installer must run as root (it installs Docker and writes /etc/dropit).
Run it again with sudo: curl -fsSL $INSTALL_URL | sudo sh   (or: sudo sh docker/install.sh)"
    ok "running as root"
}

os_value() {
    sed -n "s/^$1=//p" "$OS_RELEASE" | head -n 1 | sed "s/^[\"']//; s/[\"']\$//"
}

check_os() {
    [ -r "$OS_RELEASE" ] || fail "cannot read $OS_RELEASE: this installer supports Debian and Ubuntu only."
    os_id=$(os_value ID)
    os_version=$(os_value VERSION_ID)
    os_name=$(os_value PRETTY_NAME)
    os_major=${os_version%%.*}
    case $os_id in
        debian) minimum=11 ;;
        ubuntu) minimum=20 ;;
        *) fail "this installer supports Debian (11 or later) and Ubuntu (20.04 or later); this machine runs ${os_name:-$os_id}.
On another system, install Docker yourself and start docker/compose.yml as docs/install.md describes." ;;
    esac
    case $os_major in
        '' | *[!0-9]*) ;;
        *) [ "$os_major" -ge "$minimum" ] || fail "$os_name is too old for Docker: this installer supports Debian (11 or later) and Ubuntu (20.04 or later)." ;;
    esac
    ok "${os_name:-$os_id}"
}

# "name (pid N)" of what listens on TCP port $1; empty when nothing does.
port_owner() {
    line=$(ss -Hltnp "sport = :$1" 2>/dev/null | head -n 1)
    [ -n "$line" ] || return 0
    owner=$(printf '%s\n' "$line" | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p')
    printf '%s' "${owner:-another process}"
}

container_running() {
    [ "$DOCKER_PRESENT" = 1 ] && [ "$("$DOCKER" inspect --format '{{.State.Running}}' "$1" 2>/dev/null || true)" = true ]
}

check_ports() {
    if ! have ss; then
        warn "ss (package iproute2) is missing: ports $HTTP_PORT and $HTTPS_PORT were not checked."
        return 0
    fi
    taken=''
    for port in "$HTTP_PORT" "$HTTPS_PORT"; do
        owner=$(port_owner "$port")
        if [ -z "$owner" ]; then
            ok "port $port is free"
        elif container_running dropit-traefik && case $owner in docker-proxy*) true ;; *) false ;; esac; then
            ok "port $port is DropIt's Traefik (already installed: upgrading in place)"
        else
            case $owner in
                docker-proxy*) hint="a Docker container publishes it: docker ps --filter publish=$port" ;;
                *) hint="stop it, e.g. systemctl disable --now ${owner%% *}" ;;
            esac
            say "  port $port is already in use by $owner: $hint"
            taken="$taken $port"
        fi
    done
    [ -z "$taken" ] || fail "port(s)$taken already in use (by the process named above). Traefik must own ports 80 and 443:
stop that service or move it behind DropIt, then run the installer again. See docs/troubleshooting.md."
}

firewall_hint() {
    warn "$1 may block ports $HTTP_PORT/$HTTPS_PORT (Let's Encrypt needs $HTTP_PORT): $2"
}

check_firewall() {
    if have ufw && ufw status 2>/dev/null | grep -q '^Status: active'; then
        rules=$(ufw status 2>/dev/null)
        for port in "$HTTP_PORT" "$HTTPS_PORT"; do
            printf '%s\n' "$rules" | grep -Eq "^$port(/tcp)?[[:space:]].*ALLOW" \
                || firewall_hint "ufw is active and has no rule allowing $port/tcp" "run ufw allow $port/tcp"
        done
    fi
    if have firewall-cmd && [ "$(firewall-cmd --state 2>/dev/null || true)" = running ]; then
        if ! firewall-cmd --query-service=http >/dev/null 2>&1 && ! firewall-cmd --query-port="$HTTP_PORT/tcp" >/dev/null 2>&1; then
            firewall_hint "firewalld does not allow http" \
                "run firewall-cmd --permanent --add-service=http --add-service=https && firewall-cmd --reload"
        fi
    fi
    if have nft; then
        ruleset=$(nft list ruleset 2>/dev/null || true)
        if printf '%s\n' "$ruleset" | grep -q 'hook input.*policy drop' \
            && ! printf '%s\n' "$ruleset" | grep -Eq "dport (\{[^}]*[ ,]${HTTP_PORT}[ ,}]|${HTTP_PORT}([^0-9]|\$))"; then
            firewall_hint "nftables drops incoming traffic by default and no rule mentions port $HTTP_PORT" \
                "add one, e.g. nft add rule inet filter input tcp dport { $HTTP_PORT, $HTTPS_PORT } accept (and keep it in /etc/nftables.conf)"
        fi
    fi
    say "  (a cloud provider's firewall or security group must also allow TCP $HTTP_PORT and $HTTPS_PORT)"
}

check_value() {
    case $2 in
        *[!A-Za-z0-9@._+:/-]*) fail "$1 \"$2\" has characters that are not allowed here." ;;
    esac
}

# ----------------------------------------------------------------------------------------------- docker

DOCKER_PRESENT=0
DOCKER_UP=0
COMPOSE_KIND=''
SWARM_STATE=''

inspect_docker() {
    if have "$DOCKER"; then
        DOCKER_PRESENT=1
        ok "Docker is installed ($("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null || echo "version unknown"))"
        if SWARM_STATE=$("$DOCKER" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null); then
            DOCKER_UP=1
        else
            SWARM_STATE=''
        fi
        if "$DOCKER" compose version >/dev/null 2>&1; then
            COMPOSE_KIND=plugin
        elif have docker-compose; then
            COMPOSE_KIND=standalone
        fi
    fi
}

compose_text() {
    if [ "$COMPOSE_KIND" = standalone ]; then
        printf 'docker-compose -p %s -f %s --env-file %s' "$PROJECT" "$COMPOSE_PATH" "$ENV_FILE"
    else
        printf '%s compose -p %s -f %s --env-file %s' "$DOCKER" "$PROJECT" "$COMPOSE_PATH" "$ENV_FILE"
    fi
}

compose() {
    if [ "$COMPOSE_KIND" = standalone ]; then
        docker-compose -p "$PROJECT" -f "$COMPOSE_PATH" --env-file "$ENV_FILE" "$@"
    else
        "$DOCKER" compose -p "$PROJECT" -f "$COMPOSE_PATH" --env-file "$ENV_FILE" "$@"
    fi
}

run_compose() {
    if dry; then
        say "  would run: $(compose_text) $*"
    else
        say "  + $(compose_text) $*"
        compose "$@" </dev/null
    fi
}

install_prerequisites() {
    missing=''
    have curl || missing="$missing curl"
    have openssl || missing="$missing openssl"
    [ -d /etc/ssl/certs ] || missing="$missing ca-certificates"
    if [ -z "$missing" ]; then
        ok "curl and openssl are there"
        return 0
    fi
    # shellcheck disable=SC2086 # one word per package
    run apt-get update -qq && run apt-get install -y -qq --no-install-recommends $missing
}

install_docker() {
    if [ "$DOCKER_PRESENT" = 1 ]; then
        return 0
    fi
    act "install Docker with Docker's own script (get.docker.com: Docker Engine and the compose plugin)"
    run sh -c 'curl -fsSL https://get.docker.com | sh'
    if ! dry; then
        DOCKER=docker
        inspect_docker
        [ "$DOCKER_PRESENT" = 1 ] || fail "Docker's install script finished but there is no docker command."
    fi
}

start_docker() {
    if [ "$DOCKER_UP" = 1 ] || { [ "$DOCKER_PRESENT" = 0 ] && dry; }; then
        return 0
    fi
    if have systemctl; then
        run systemctl enable --now docker
    else
        run service docker start
    fi
    dry && return 0
    tries=0
    until SWARM_STATE=$("$DOCKER" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null); do
        tries=$((tries + 1))
        [ "$tries" -lt 30 ] || fail "Docker is installed but its daemon does not answer: see systemctl status docker and journalctl -u docker."
        sleep 1
    done
    DOCKER_UP=1
}

install_compose() {
    if [ -n "$COMPOSE_KIND" ]; then
        if [ "$COMPOSE_KIND" = plugin ]; then ok "Docker Compose (docker compose)"; else ok "Docker Compose (docker-compose)"; fi
        return 0
    fi
    if [ "$DOCKER_PRESENT" = 0 ] && dry; then
        return 0 # Docker's script brings the compose plugin.
    fi
    act "install Docker Compose (the compose plugin from Docker's repository, else Debian's docker-compose)"
    run sh -c 'apt-get install -y -qq docker-compose-plugin || apt-get install -y -qq docker-compose'
    if ! dry; then
        inspect_docker
        [ -n "$COMPOSE_KIND" ] || fail "Docker Compose could not be installed: install docker-compose-plugin, then run the installer again."
    fi
}

# The source address of the default route (asks the routing table; sends nothing).
default_route_address() {
    have ip || return 0
    ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1
}

# The address the panel shows for DNS records and generated domains: DROPIT_PUBLIC_ADDR (a public IPv4, then an IPv6
# after a comma), else the default route's source address when it is public, else empty (the panel then detects it,
# and says so on its Server page). Behind NAT the default route's address is private: set DROPIT_PUBLIC_ADDR.
detected_public_address() {
    address=$(default_route_address)
    case $address in
        '' | 10.* | 127.* | 169.254.* | 192.168.* | 172.1[6-9].* | 172.2[0-9].* | 172.3[01].*) ;;
        100.6[4-9].* | 100.[7-9][0-9].* | 100.1[01][0-9].* | 100.12[0-7].*) ;;
        *) printf '%s' "$address" ;;
    esac
}

# The first private address (RFC 1918, else an IPv6 unique local one) of this machine's own interfaces, read from
# `ip -o addr show scope global` on standard input; the bridges and veths of Docker and other container tools are
# skipped. Empty when there is none.
pick_private_address() {
    awk '
        $2 ~ /^(docker|br-|veth|virbr|cni|flannel|cali|kube|lxc|lxdbr|podman)/ { next }
        { split($4, cidr, "/"); address = cidr[1] }
        $3 == "inet" && v4 == "" && (address ~ /^10\./ || address ~ /^192\.168\./ || address ~ /^172\.(1[6-9]|2[0-9]|3[01])\./) { v4 = address }
        $3 == "inet6" && v6 == "" && tolower(address) ~ /^f[cd][0-9a-f][0-9a-f]:/ { v6 = address }
        END { if (v4 != "") print v4; else if (v6 != "") print v6 }'
}

private_address() {
    have ip || return 0
    ip -o addr show scope global 2>/dev/null | pick_private_address
}

# The swarm's address: DROPIT_ADVERTISE_ADDR, else a private address of this machine (the swarm's traffic stays on the
# private network), else the default route's.
advertise_address() {
    if [ -n "${DROPIT_ADVERTISE_ADDR:-}" ]; then
        printf '%s' "$DROPIT_ADVERTISE_ADDR"
        return 0
    fi
    address=$(private_address)
    [ -n "$address" ] || address=$(default_route_address)
    printf '%s' "$address"
}

init_swarm() {
    address=$(advertise_address)
    if [ "$DOCKER_UP" = 0 ]; then
        act "initialise the swarm once Docker runs, if it is inactive: docker swarm init${address:+ --advertise-addr $address}"
        return 0
    fi
    case $SWARM_STATE in
        active)
            [ "$("$DOCKER" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null || true)" = true ] \
                || fail "this Docker engine is a swarm worker: run the installer on a manager node."
            ok "the swarm is active (this node is a manager)"
            ;;
        inactive)
            if [ -n "$address" ]; then
                run "$DOCKER" swarm init --advertise-addr "$address"
            else
                run "$DOCKER" swarm init
            fi
            ;;
        locked) fail "the swarm is locked: unlock it with docker swarm unlock, then run the installer again." ;;
        *) fail "the swarm is in state \"$SWARM_STATE\": see docker info, then run the installer again." ;;
    esac
}

create_network() {
    if [ "$DOCKER_UP" = 0 ]; then
        act "create the overlay network: docker network create --driver overlay --attachable $NETWORK"
        return 0
    fi
    if found=$("$DOCKER" network inspect --format '{{.Driver}} {{.Attachable}}' "$NETWORK" 2>/dev/null); then
        [ "$found" = "overlay true" ] || fail "the Docker network \"$NETWORK\" exists but is not an attachable overlay ($found).
Remove it (docker network rm $NETWORK) and run the installer again."
        ok "the overlay network $NETWORK exists"
        return 0
    fi
    run "$DOCKER" network create --driver overlay --attachable --label dropit.managed=true "$NETWORK"
}

# ------------------------------------------------------------------------------------------- swarm ports

# Docker Swarm's ports: 2377/tcp (cluster management), 7946/tcp+udp (node gossip), 4789/udp (overlay traffic). Anyone
# who reaches them can try to join or disturb the swarm, so the host firewall lets only this machine (loopback), the
# private networks and DROPIT_SWARM_PEERS reach them. The rules are the installer's own, replaced whole at each run.
PRIVATE_V4='10.0.0.0/8 172.16.0.0/12 192.168.0.0/16'
PRIVATE_V6='fc00::/7 fe80::/10'
FIREWALL_UNIT=dropit-swarm-firewall.service

# The allowed sources of one family (4 or 6): the private ranges and the peers of that family.
swarm_sources() {
    if [ "$1" = 4 ]; then list=$PRIVATE_V4; else list=$PRIVATE_V6; fi
    for peer in $(printf '%s' "${DROPIT_SWARM_PEERS:-}" | tr ',' ' '); do
        case $peer in
            *:*) [ "$1" = 4 ] || list="$list $peer" ;;
            *) [ "$1" = 6 ] || list="$list $peer" ;;
        esac
    done
    printf '%s' "$list"
}

# The firewall the machine has: ufw when it is active (it owns the rules then), else nftables, else iptables.
swarm_firewall_kind() {
    if have ufw && ufw status 2>/dev/null | grep -q '^Status: active'; then
        echo ufw
    elif have nft; then
        echo nftables
    elif have iptables; then
        echo iptables
    fi
}

# The rules for one tool: an nftables file (a table of its own; its first two lines make loading it again replace it),
# a shell script of iptables commands (a chain of its own, emptied and filled again), or ufw commands.
swarm_rules() {
    v4=$(swarm_sources 4)
    v6=$(swarm_sources 6)
    case $1 in
        nftables)
            say "# Generated by DropIt's install.sh: Docker Swarm's ports only from this machine and private networks."
            say "# Load: nft -f <this file>. Remove: nft delete table inet dropit_swarm"
            say "table inet dropit_swarm"
            say "delete table inet dropit_swarm"
            say "table inet dropit_swarm {"
            say "	chain input {"
            say "		type filter hook input priority -10; policy accept;"
            say "		iifname \"lo\" accept"
            say "		ip saddr { $(printf '%s' "$v4" | sed 's/ /, /g') } accept"
            say "		ip6 saddr { $(printf '%s' "$v6" | sed 's/ /, /g') } accept"
            say "		tcp dport { 2377, 7946 } drop"
            say "		udp dport { 7946, 4789 } drop"
            say "	}"
            say "}"
            ;;
        iptables)
            say "#!/bin/sh"
            say "# Generated by DropIt's install.sh: Docker Swarm's ports only from this machine and private networks."
            say "# Run: sh <this file>. Remove: iptables -D INPUT -j DROPIT-SWARM, iptables -F DROPIT-SWARM, iptables -X DROPIT-SWARM (and ip6tables)"
            say "set -e"
            for family in 4 6; do
                if [ "$family" = 4 ]; then cmd=iptables; sources=$v4; else cmd=ip6tables; sources=$v6; fi
                [ "$family" = 4 ] || say "command -v ip6tables >/dev/null 2>&1 || exit 0"
                say "$cmd -w -N DROPIT-SWARM 2>/dev/null || $cmd -w -F DROPIT-SWARM"
                say "$cmd -w -A DROPIT-SWARM -i lo -j RETURN"
                for source in $sources; do
                    say "$cmd -w -A DROPIT-SWARM -s $source -j RETURN"
                done
                say "$cmd -w -A DROPIT-SWARM -p tcp -m multiport --dports 2377,7946 -j DROP"
                say "$cmd -w -A DROPIT-SWARM -p udp -m multiport --dports 7946,4789 -j DROP"
                say "$cmd -w -C INPUT -j DROPIT-SWARM 2>/dev/null || $cmd -w -I INPUT 1 -j DROPIT-SWARM"
            done
            ;;
        ufw)
            for rule in 2377/tcp 7946/tcp 7946/udp 4789/udp; do
                for source in $v4 $v6; do
                    say "ufw allow from $source to any port ${rule%/*} proto ${rule#*/} comment dropit-swarm"
                done
                say "ufw deny $rule comment dropit-swarm"
            done
            ;;
    esac
}

# Writes the nftables or iptables rules into the config folder, loads them, and has systemd load them at each boot.
install_swarm_rules() {
    if [ "$1" = nftables ]; then
        file=$CONFIG_DIR/swarm-firewall.nft
        load="nft -f $file"
    else
        file=$CONFIG_DIR/swarm-firewall.sh
        load="sh $file"
    fi
    unit_dir=${DROPIT_SYSTEMD_DIR:-/etc/systemd/system}
    act "write $file and load it: $load"
    dry && return 0
    make_dir "$CONFIG_DIR" 700 root:root
    swarm_rules "$1" >"$file.new"
    chmod 0644 "$file.new"
    mv "$file.new" "$file"
    # shellcheck disable=SC2086 # the command, then its file
    run $load
    if have systemctl && [ -d "$unit_dir" ]; then
        {
            say "# Written by DropIt's install.sh: loads $file at boot (Docker Swarm's ports only from private networks)."
            say "[Unit]"
            say "Description=DropIt Panel: Docker Swarm ports only from private networks"
            say "After=nftables.service"
            say "Before=docker.service"
            say ""
            say "[Service]"
            say "Type=oneshot"
            say "RemainAfterExit=yes"
            say "ExecStart=/bin/sh -c '$load'"
            say ""
            say "[Install]"
            say "WantedBy=multi-user.target"
        } >"$unit_dir/$FIREWALL_UNIT.new"
        mv "$unit_dir/$FIREWALL_UNIT.new" "$unit_dir/$FIREWALL_UNIT"
        run systemctl daemon-reload
        run systemctl enable "$FIREWALL_UNIT"
    else
        warn "no systemd here: the swarm's port rules are loaded now, not at the next boot; have the machine run: $load"
    fi
}

close_swarm_ports() {
    if [ "$FIREWALL" = 0 ]; then
        say "  the host firewall is left alone (--no-firewall): close 2377/tcp, 7946/tcp+udp and 4789/udp to the internet yourself"
        return 0
    fi
    kind=$(swarm_firewall_kind)
    case $kind in
        ufw)
            act "close the swarm's ports to all but private networks with ufw (it is active)"
            swarm_rules ufw | while read -r line; do
                # shellcheck disable=SC2086 # one ufw command a line
                run $line
            done
            ;;
        nftables | iptables)
            if dry; then
                say "  would close the swarm's ports to all but private networks with $kind:"
                swarm_rules "$kind" | sed 's/^/      /'
            fi
            install_swarm_rules "$kind"
            ;;
        *)
            warn "no firewall tool (ufw, nft, iptables) here: close 2377/tcp, 7946/tcp+udp and 4789/udp to the internet yourself"
            return 0
            ;;
    esac
    ok "the swarm's ports (2377/tcp, 7946/tcp+udp, 4789/udp) answer only this machine and private networks${DROPIT_SWARM_PEERS:+ and $DROPIT_SWARM_PEERS}"
}

# ------------------------------------------------------------------------------------------------ files

make_dir() { # make_dir DIR MODE OWNER
    if [ -d "$1" ]; then
        return 0
    fi
    act "create $1 (mode $2, owner $3)"
    dry && return 0
    mkdir -p "$1"
    chmod "$2" "$1"
    chown "$3" "$1"
}

create_folders() {
    make_dir "$CONFIG_DIR" 700 root:root
    make_dir "$DATA_DIR" 755 "$PANEL_UID:$PANEL_UID"
    # Created here, owned by the panel's user, before compose mounts them (Docker would make them root's).
    for sub in traefik traefik/dynamic certs sites static backups; do
        make_dir "$DATA_DIR/$sub" 755 "$PANEL_UID:$PANEL_UID"
    done
    ok "data folder $DATA_DIR"
}

# env_set FILE KEY VALUE: replaces KEY's line, or appends it.
env_set() {
    ENV_SET_VALUE=$3 awk -v key="$2" '
        index($0, key "=") == 1 { if (!done) print key "=" ENVIRON["ENV_SET_VALUE"]; done = 1; next }
        { print }
        END { if (!done) print key "=" ENVIRON["ENV_SET_VALUE"] }' "$1" >"$1.next"
    mv "$1.next" "$1"
}

random_hex() { openssl rand -hex "$1"; }

decide_secrets() {
    if file_has POSTGRES_PASSWORD && [ -n "$(file_value POSTGRES_PASSWORD)" ]; then
        POSTGRES_PASSWORD=$(file_value POSTGRES_PASSWORD)
        act "keep POSTGRES_PASSWORD from $ENV_FILE"
    else
        if [ "$DOCKER_UP" = 1 ] && "$DOCKER" volume inspect "$POSTGRES_VOLUME" >/dev/null 2>&1; then
            fail "the database volume $POSTGRES_VOLUME exists but $ENV_FILE has no POSTGRES_PASSWORD:
a new password would not open it. Put the old file back (from your backup), then run the installer again."
        fi
        act "generate POSTGRES_PASSWORD (openssl rand -hex 32) into $ENV_FILE"
        POSTGRES_PASSWORD=''
        dry || POSTGRES_PASSWORD=$(random_hex 32)
    fi
    ADMIN_PASSWORD=$(file_value DROPIT_ADMIN_PASSWORD)
    if [ -n "$ADMIN_EMAIL" ]; then
        if [ -n "$ADMIN_PASSWORD" ]; then
            act "keep DROPIT_ADMIN_PASSWORD from $ENV_FILE"
        elif [ "$DOCKER_UP" = 1 ] && "$DOCKER" volume inspect "$POSTGRES_VOLUME" >/dev/null 2>&1; then
            # The panel started before: it has its admin, or its setup page waits for the setup token.
            warn "--admin-email only applies to a new installation (the database $POSTGRES_VOLUME exists): ignored."
            ADMIN_EMAIL=''
        else
            act "generate DROPIT_ADMIN_PASSWORD (openssl rand) for the admin $ADMIN_EMAIL into $ENV_FILE"
            # Upper case, lower case and a digit, as the panel's password rules ask.
            dry || ADMIN_PASSWORD="Dp1-$(random_hex 16)"
        fi
    fi
}

# The key that encrypts the panel's Data Protection key ring (docs/decisions/031-master-key.md): made once, never
# replaced (a new one would leave every secret unreadable); readable by the panel's user only, mounted read-only.
create_master_key() {
    if [ -e "$MASTER_KEY_FILE" ] || [ -L "$MASTER_KEY_FILE" ]; then
        act "keep the master key $MASTER_KEY_FILE"
        if [ "$(stat -c '%u %a' "$MASTER_KEY_FILE" 2>/dev/null || true)" != "$PANEL_UID 600" ]; then
            act "make $MASTER_KEY_FILE the panel's (owner $PANEL_UID, mode 0600)"
            dry || { chown "$PANEL_UID:$PANEL_UID" "$MASTER_KEY_FILE" && chmod 600 "$MASTER_KEY_FILE"; }
        fi
        return 0
    fi
    act "generate the master key (openssl rand -base64 32) into $MASTER_KEY_FILE (mode 0600, owner $PANEL_UID)"
    dry && return 0
    (
        umask 077
        openssl rand -base64 32 >"$MASTER_KEY_FILE.new"
        chown "$PANEL_UID:$PANEL_UID" "$MASTER_KEY_FILE.new"
        chmod 600 "$MASTER_KEY_FILE.new"
        mv "$MASTER_KEY_FILE.new" "$MASTER_KEY_FILE"
    )
    say "  Copy $MASTER_KEY_FILE somewhere safe, away from this server: no backup of the panel can be read without it."
}

docker_gid() {
    if [ -e "$DOCKER_SOCKET" ]; then
        stat -c %g "$DOCKER_SOCKET"
    else
        file_value DOCKER_GID
    fi
}

write_env_file() {
    DOCKER_GID=$(docker_gid)
    if [ -z "$DOCKER_GID" ]; then
        dry || fail "cannot read the group of the Docker socket $DOCKER_SOCKET: is Docker running?"
        DOCKER_GID='(the group of the Docker socket, once Docker is installed)'
    fi
    if [ -f "$ENV_FILE" ]; then act "update $ENV_FILE (kept: secrets and your own lines)"; else act "write $ENV_FILE (mode 0600)"; fi
    say "    DROPIT_IMAGE=$IMAGE"
    say "    DROPIT_DATA_DIR=$DATA_DIR"
    say "    DROPIT_DOMAIN=$DOMAIN"
    say "    DROPIT_ACME_EMAIL=$ACME_EMAIL"
    say "    DROPIT_HTTP_PORT=$HTTP_PORT  DROPIT_HTTPS_PORT=$HTTPS_PORT"
    say "    DROPIT_PUBLIC_ADDR=${PUBLIC_ADDR:-(empty: the panel detects it)}"
    say "    DOCKER_GID=$DOCKER_GID"
    [ -z "$ENCRYPT_NETWORKS" ] || say "    DROPIT_ENCRYPT_NETWORKS=$ENCRYPT_NETWORKS"
    say "    POSTGRES_PASSWORD=(secret, not shown)"
    [ -z "$ADMIN_EMAIL" ] || say "    DROPIT_ADMIN_EMAIL=$ADMIN_EMAIL  DROPIT_ADMIN_PASSWORD=(secret, not shown)"
    dry && return 0
    (
        umask 077
        if [ -f "$ENV_FILE" ]; then
            cp -p "$ENV_FILE" "$ENV_FILE.new"
        else
            {
                say "# DropIt Panel: the values docker/compose.yml reads, written by install.sh."
                say "# install.sh keeps and updates this file when it runs again; lines of your own stay."
                say "# Private (0600, root): it holds the database password. Back it up with the data."
            } >"$ENV_FILE.new"
        fi
        env_set "$ENV_FILE.new" DROPIT_IMAGE "$IMAGE"
        env_set "$ENV_FILE.new" DROPIT_CONFIG_DIR "$CONFIG_DIR"
        env_set "$ENV_FILE.new" DROPIT_DATA_DIR "$DATA_DIR"
        env_set "$ENV_FILE.new" DROPIT_DOMAIN "$DOMAIN"
        env_set "$ENV_FILE.new" DROPIT_ACME_EMAIL "$ACME_EMAIL"
        env_set "$ENV_FILE.new" DROPIT_HTTP_PORT "$HTTP_PORT"
        env_set "$ENV_FILE.new" DROPIT_HTTPS_PORT "$HTTPS_PORT"
        env_set "$ENV_FILE.new" DOCKER_GID "$DOCKER_GID"
        env_set "$ENV_FILE.new" DROPIT_PUBLIC_ADDR "$PUBLIC_ADDR"
        [ -z "$ENCRYPT_NETWORKS" ] || env_set "$ENV_FILE.new" DROPIT_ENCRYPT_NETWORKS "$ENCRYPT_NETWORKS"
        env_set "$ENV_FILE.new" POSTGRES_PASSWORD "$POSTGRES_PASSWORD"
        if [ -n "$ADMIN_EMAIL" ]; then
            env_set "$ENV_FILE.new" DROPIT_ADMIN_EMAIL "$ADMIN_EMAIL"
            env_set "$ENV_FILE.new" DROPIT_ADMIN_PASSWORD "$ADMIN_PASSWORD"
        fi
        chmod 600 "$ENV_FILE.new"
        chown root:root "$ENV_FILE.new"
        mv "$ENV_FILE.new" "$ENV_FILE"
    )
}

write_panel_env() {
    if [ -f "$PANEL_ENV_FILE" ]; then
        return 0
    fi
    act "write $PANEL_ENV_FILE (extra panel settings, empty)"
    dry && return 0
    (
        umask 077
        {
            say "# Extra DropIt Panel settings, one Section__Key=value per line (see the README's configuration table),"
            say "# e.g. Deployments__MaxConcurrentBuilds=2. Kept by install.sh; applied by: install.sh (or compose up -d)."
        } >"$PANEL_ENV_FILE"
    )
}

# The directory of this script when it runs from a checkout (sh docker/install.sh); empty when piped.
script_dir() {
    case $0 in
        */install.sh | install.sh) [ -f "$0" ] && CDPATH='' cd -- "$(dirname -- "$0")" && pwd ;;
    esac
}

install_compose_file() {
    here=$(script_dir || true)
    if [ -n "$here" ] && [ -f "$here/compose.yml" ]; then
        if [ -f "$COMPOSE_PATH" ] && cmp -s "$here/compose.yml" "$COMPOSE_PATH"; then
            ok "$COMPOSE_PATH is up to date"
            return 0
        fi
        act "copy $here/compose.yml to $COMPOSE_PATH"
        dry || install -m 0644 "$here/compose.yml" "$COMPOSE_PATH"
    else
        act "download $SOURCE_URL/compose.yml to $COMPOSE_PATH"
        if ! dry; then
            curl -fsSL "$SOURCE_URL/compose.yml" -o "$COMPOSE_PATH.new" || fail "could not download $SOURCE_URL/compose.yml"
            chmod 0644 "$COMPOSE_PATH.new"
            mv "$COMPOSE_PATH.new" "$COMPOSE_PATH"
        fi
    fi
}

# Before the panel has its domain, Traefik only routes ACME challenges to it. This file (not a
# "dropit-" file, so the panel leaves it alone) routes plain-HTTP requests to the server's IPv4 or
# IPv6 address, and to DROPIT_DOMAIN, to the panel at the lowest priority. Once the panel's own routes
# exist for its domain, the next run removes it.
panel_domain() {
    panel_file=$DATA_DIR/traefik/dynamic/dropit-panel.yml
    [ -f "$panel_file" ] || return 0
    # shellcheck disable=SC2016 # backticks of a Traefik rule, not a command
    awk '/dropit-panel-https:/ { found = 1 } found && /rule:/ { print; exit }' "$panel_file" \
        | sed -n 's/.*Host(`\([^`]*\)`).*/\1/p'
}

write_first_run_route() {
    route=$DATA_DIR/traefik/dynamic/$FIRST_RUN_ROUTE
    PANEL_DOMAIN=$(panel_domain)
    if [ -n "$PANEL_DOMAIN" ]; then
        ok "the panel answers at its domain $PANEL_DOMAIN"
        if [ -f "$route" ]; then
            act "remove the first-run route $route (the panel has its domain now)"
            dry || rm -f "$route"
        fi
        return 0
    fi
    # shellcheck disable=SC2016 # a Traefik rule: backticks and $ are literal
    # An IPv4 address, or an IPv6 one (Traefik sees it in brackets when the request names no port).
    rule='HostRegexp(`^[0-9.]+$`) || HostRegexp(`^\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*\\]?$`)'
    [ -z "$DOMAIN" ] || rule="$rule || Host(\`$DOMAIN\`)"
    act "write the first-run route $route (plain HTTP to the panel by address${DOMAIN:+ and $DOMAIN}, until its domain is set)"
    dry && return 0
    cat >"$route.new" <<EOF
# Written by DropIt's install.sh: reach the panel over plain HTTP before its domain is set
# (Settings > Panel domain). Lowest priority: every route the panel writes wins over it.
# install.sh removes this file once the panel has its domain; you may delete it yourself.
http:
  routers:
    dropit-first-run:
      entryPoints:
        - web
      rule: "$rule"
      priority: 1
      service: dropit-panel@file
EOF
    chmod 0644 "$route.new"
    mv "$route.new" "$route"
}

# ------------------------------------------------------------------------------------------------ start

# Once the panel has started with DROPIT_ADMIN_PASSWORD it has its admin: the password leaves the env file (so
# the panel's environment) for a root-only file the summary names, and the panel is recreated without it.
forget_admin_password() {
    [ -n "$ADMIN_EMAIL" ] || return 0
    if dry; then
        act "move DROPIT_ADMIN_PASSWORD from $ENV_FILE to $ADMIN_PASSWORD_FILE once the panel has created the admin"
        return 0
    fi
    file_has DROPIT_ADMIN_PASSWORD || return 0
    act "move DROPIT_ADMIN_PASSWORD from $ENV_FILE to $ADMIN_PASSWORD_FILE (the admin exists; the panel no longer needs it)"
    (
        umask 077
        file_value DROPIT_ADMIN_PASSWORD >"$ADMIN_PASSWORD_FILE.new"
        chmod 600 "$ADMIN_PASSWORD_FILE.new"
        chown root:root "$ADMIN_PASSWORD_FILE.new"
        mv "$ADMIN_PASSWORD_FILE.new" "$ADMIN_PASSWORD_FILE"
        sed -e '/^DROPIT_ADMIN_PASSWORD=/d' -e '/^DROPIT_ADMIN_EMAIL=/d' "$ENV_FILE" >"$ENV_FILE.new"
        chmod 600 "$ENV_FILE.new"
        chown root:root "$ENV_FILE.new"
        mv "$ENV_FILE.new" "$ENV_FILE"
    )
    act "recreate the panel's container without the password in its environment"
    run_compose up -d panel
    wait_healthy
}

# The one-time token the panel writes at start while it has no admin; its setup page asks for it.
setup_token_hint() {
    token_file=$DATA_DIR/setup-token
    [ -f "$token_file" ] || return 0
    say "  The setup page asks for this one-time setup token (also in $token_file and in: docker logs dropit-panel):"
    say ""
    say "      $(head -n 1 "$token_file")"
    say ""
    say "  Create the admin now: the token stops working once the admin exists."
}

# An edge container the panel created itself (older versions, or a race) would stop compose creating its own.
replace_unmanaged_edge() {
    project=$("$DOCKER" inspect --format '{{index .Config.Labels "com.docker.compose.project"}}' dropit-static 2>/dev/null) || return 0
    [ "$project" = "$PROJECT" ] && return 0
    act "replace the static edge container the panel created itself with the compose one"
    run "$DOCKER" rm -f dropit-static
}

health_of() {
    "$DOCKER" inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo missing
}

wait_healthy() {
    if dry; then
        act "wait until dropit-panel is healthy (up to ${WAIT_SECONDS}s)"
        return 0
    fi
    say "  waiting for the panel (it applies its database migrations on first start)..."
    deadline=$(($(date +%s) + WAIT_SECONDS))
    while :; do
        status=$(health_of dropit-panel)
        case $status in
            healthy) break ;;
            running) if [ "$("$DOCKER" inspect --format '{{.State.Health}}' dropit-panel 2>/dev/null)" = '<nil>' ]; then break; fi ;;
        esac
        if [ "$(date +%s)" -ge "$deadline" ]; then
            "$DOCKER" logs --tail 40 dropit-panel >&2 || true
            fail "the panel is not healthy after ${WAIT_SECONDS}s (state: $status). Its last log lines are above;
see docs/troubleshooting.md, then: $(compose_text) logs panel"
        fi
        sleep 3
    done
    ok "the panel is healthy"
    traefik=$(health_of dropit-traefik)
    [ "$traefik" = healthy ] || [ "$traefik" = starting ] \
        || warn "Traefik is $traefik: $(compose_text) logs traefik"
}

start_stack() {
    replace_unmanaged_edge
    # A panel image built on this server (no registry digest) is used as it is, not pulled.
    if [ "$("$DOCKER" image inspect --format '{{len .RepoDigests}}' "$IMAGE" 2>/dev/null || true)" = 0 ]; then
        ok "the panel's image $IMAGE was built here: not pulled"
        run_compose pull --quiet postgres static traefik
    else
        run_compose pull --quiet
    fi
    run_compose up -d --remove-orphans
    wait_healthy
}

server_address() {
    address=${DROPIT_ADVERTISE_ADDR:-$(default_route_address)}
    if [ -z "$address" ] && have ip; then
        # No IPv4 route: the source address of the default IPv6 route, in brackets as a URL needs it.
        address=$(ip -6 route get 2001:4860:4860::8888 2>/dev/null | sed -n 's/.* src \([0-9a-fA-F:]*\).*/[\1]/p' | head -n 1)
    fi
    printf '%s' "${address:-<server address>}"
}

summary() {
    port_suffix=''
    [ "$HTTP_PORT" = 80 ] || port_suffix=":$HTTP_PORT"
    if dry; then
        step "Dry run finished: nothing was changed."
        return 0
    fi
    if [ "$CONFIG_ONLY" = 1 ]; then
        step "Configuration written; nothing started."
        say "Start it with: $(compose_text) up -d"
        return 0
    fi
    step "DropIt Panel is running."
    if [ -n "$PANEL_DOMAIN" ]; then
        say "Open https://$PANEL_DOMAIN/"
        setup_token_hint
    else
        url="http://$(server_address)$port_suffix/"
        [ -z "$DOMAIN" ] || url="http://$DOMAIN$port_suffix/ (or $url)"
        say "Next: open $url"
        if [ -n "$ADMIN_EMAIL" ]; then
            say "  Sign in as $ADMIN_EMAIL; the password is in $ADMIN_PASSWORD_FILE (root only):"
            say "  read it with: cat $ADMIN_PASSWORD_FILE, keep it in your password manager, then delete the file."
        else
            setup_token_hint
        fi
        if [ -n "$DOMAIN" ]; then
            say "  The panel was given the domain $DOMAIN${ACME_EMAIL:+ and the ACME email $ACME_EMAIL} on its first start:"
            say "  with its DNS record pointing here, it gets its certificate and answers at https://$DOMAIN/."
        else
            say "  Then Settings > General: Panel domain <your domain>, ACME contact email ${ACME_EMAIL:-<your email>}."
            say "  With its DNS record pointing here, the panel gets its certificate and answers at https://<your domain>/."
        fi
        say "  Run this installer again afterwards to close the plain-HTTP first-run route."
    fi
    say "Settings and the database password: $ENV_FILE (root only). Extra panel settings: $PANEL_ENV_FILE."
    say "The master key: $MASTER_KEY_FILE. Keep a copy away from this server: backups of the panel need it (docs/upgrade-and-backup.md)."
    say "Upgrade: run the installer again. Docs: docs/install.md, docs/upgrade-and-backup.md, docs/troubleshooting.md."
}

# ------------------------------------------------------------------------------------------------- main

main() {
    say "DropIt Panel installer"
    dry && say "(dry run: checks are real, actions are only printed; nothing on this machine is changed)"

    step "Checking this machine"
    check_root
    check_os

    DOMAIN=$(setting "$DOMAIN_GIVEN" "$DOMAIN_FLAG" DROPIT_DOMAIN '')
    ACME_EMAIL=$(setting "$EMAIL_GIVEN" "$EMAIL_FLAG" DROPIT_ACME_EMAIL '')
    ADMIN_EMAIL=$(setting "$ADMIN_GIVEN" "$ADMIN_FLAG" DROPIT_ADMIN_EMAIL '')
    IMAGE=$(setting "$IMAGE_GIVEN" "$IMAGE_FLAG" DROPIT_IMAGE "$DEFAULT_IMAGE")
    ENCRYPT_NETWORKS=$(setting "$ENCRYPT_GIVEN" true DROPIT_ENCRYPT_NETWORKS '')
    DATA_DIR=$(setting "$DATA_GIVEN" "$DATA_FLAG" DROPIT_DATA_DIR /var/lib/dropit)
    HTTP_PORT=$(setting 0 '' DROPIT_HTTP_PORT 80)
    HTTPS_PORT=$(setting 0 '' DROPIT_HTTPS_PORT 443)
    PUBLIC_ADDR=$(setting 0 '' DROPIT_PUBLIC_ADDR "$(detected_public_address)")
    check_value "the domain" "$DOMAIN"
    check_value "the email" "$ACME_EMAIL"
    check_value "the admin email" "$ADMIN_EMAIL"
    check_value "the image" "$IMAGE"
    case $DATA_DIR in /*) ;; *) fail "the data folder must be an absolute path (got \"$DATA_DIR\")." ;; esac
    case ${DROPIT_SWARM_PEERS:-} in
        *[!0-9A-Fa-f.:/,\ ]*) fail "DROPIT_SWARM_PEERS is a list of IP addresses or networks (e.g. 203.0.113.7,2001:db8::/64), got \"$DROPIT_SWARM_PEERS\"." ;;
    esac
    check_value "the data folder" "$DATA_DIR"
    case $PUBLIC_ADDR in
        *[!0-9A-Fa-f.:,\ ]*) fail "DROPIT_PUBLIC_ADDR is the server's public IPv4 address, then its IPv6 address after a comma (e.g. 203.0.113.10,2001:db8::10), got \"$PUBLIC_ADDR\"." ;;
    esac
    case $HTTP_PORT$HTTPS_PORT in *[!0-9]* | '') fail "DROPIT_HTTP_PORT and DROPIT_HTTPS_PORT must be port numbers." ;; esac
    [ -f "$ENV_FILE" ] && ok "existing installation: $ENV_FILE (values and secrets are kept)"

    inspect_docker
    if [ "$DOCKER_PRESENT" = 0 ]; then
        say "  Docker is not installed"
    elif [ "$DOCKER_UP" = 0 ]; then
        say "  Docker is installed but its daemon does not answer"
    fi
    if [ "$CONFIG_ONLY" = 0 ]; then
        check_ports
        check_firewall
    fi

    step "Docker"
    if [ "$CONFIG_ONLY" = 0 ]; then
        install_prerequisites
        install_docker
        start_docker
        install_compose
        init_swarm
        create_network
        close_swarm_ports
    elif [ "$DOCKER_PRESENT" = 0 ]; then
        fail "--config-only needs Docker installed (its socket's group goes into the env file)."
    else
        say "  left as it is (--config-only)"
    fi

    step "Settings and folders"
    create_folders
    decide_secrets
    create_master_key
    write_env_file
    write_panel_env
    install_compose_file
    write_first_run_route

    if [ "$CONFIG_ONLY" = 0 ]; then
        step "Starting DropIt Panel"
        start_stack
        forget_admin_password
    fi
    summary
}

main
