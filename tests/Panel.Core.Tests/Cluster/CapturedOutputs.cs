namespace DropIt.Panel.Core.Tests.Cluster;

/// <summary>
/// Output captured from the real tools on a Debian 12 host (docker.io 20.10.24, Docker's 28.2 CLI, nftables 1.0.6,
/// iptables 1.8.9): what the checks of adding a server parse.
/// </summary>
internal static class CapturedOutputs
{
    /// <summary><c>/usr/bin/docker version --format '{{json .}}'</c> against the engine.</summary>
    public const string DockerVersion2010 = """
        {"Client":{"Platform":{"Name":""},"Version":"20.10.24+dfsg1","ApiVersion":"1.41","DefaultAPIVersion":"1.41","GitCommit":"297e128","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","BuildTime":"Thu May  7 21:09:36 2026","Context":"default","Experimental":true},"Server":{"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24+dfsg1","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"Thu May  7 21:09:36 2026","Experimental":"false","GitCommit":"5d6db84","GoVersion":"go1.19.8","KernelVersion":"6.18.44-fc-v1272","MinAPIVersion":"1.12","Os":"linux"}},{"Name":"containerd","Version":"1.6.20~ds1","Details":{"GitCommit":"1.6.20~ds1-1+deb12u3"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":""}}],"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.18.44-fc-v1272","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}}
        """;

    /// <summary>The same from Docker's 28.2 CLI against the 20.10 engine.</summary>
    public const string DockerVersionCli28 = """
        {"Client":{"Version":"28.2.2","ApiVersion":"1.41","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default"},"Server":{"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24+dfsg1","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"Thu May  7 21:09:36 2026","Experimental":"false","GitCommit":"5d6db84","GoVersion":"go1.19.8","KernelVersion":"6.18.44-fc-v1272","MinAPIVersion":"1.12","Os":"linux"}},{"Name":"containerd","Version":"1.6.20~ds1","Details":{"GitCommit":"1.6.20~ds1-1+deb12u3"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":""}}],"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.18.44-fc-v1272","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}}
        """;

    /// <summary>With no engine listening (DOCKER_HOST at a missing socket): the server part is null, exit 1.</summary>
    public const string DockerVersionNoDaemon = """
        {"Client":{"Platform":{"Name":""},"Version":"20.10.24+dfsg1","ApiVersion":"1.41","DefaultAPIVersion":"1.41","GitCommit":"297e128","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","BuildTime":"Thu May  7 21:09:36 2026","Context":"default","Experimental":true},"Server":null}
        Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?
        """;

    /// <summary><c>docker info --format '{{json .Swarm}}'</c> of the panel's manager (shortened after Managers).</summary>
    public const string SwarmActive = """
        {"NodeID":"elthm3vo3scx0zdt8g5tm5wst","NodeAddr":"127.0.0.1","LocalNodeState":"active","ControlAvailable":true,"Error":"","RemoteManagers":[{"NodeID":"elthm3vo3scx0zdt8g5tm5wst","Addr":"127.0.0.1:2377"}],"Nodes":1,"Managers":1}
        """;

    /// <summary>The same on an engine outside any swarm.</summary>
    public const string SwarmInactive = """
        {"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","RemoteManagers":null}
        """;

    public const string OsReleaseDebian12 = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"
        """;

    /// <summary><c>nft list ruleset</c> in a network namespace with an inet filter table that drops by default.</summary>
    public const string NftDropPolicy = """
        table inet filter {
        	chain input {
        		type filter hook input priority filter; policy drop;
        		ct state established,related accept
        		iif "lo" accept
        		tcp dport 22 accept
        	}

        	chain forward {
        		type filter hook forward priority filter; policy drop;
        	}

        	chain output {
        		type filter hook output priority filter; policy accept;
        	}
        }
        """;

    /// <summary><c>iptables -S INPUT</c> after <c>iptables -P INPUT DROP</c> and an SSH rule.</summary>
    public const string IptablesDropPolicy = """
        -P INPUT DROP
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        """;

    /// <summary><c>iptables -S INPUT</c> of a namespace with no firewall.</summary>
    public const string IptablesOpen = "-P INPUT ACCEPT";
}
