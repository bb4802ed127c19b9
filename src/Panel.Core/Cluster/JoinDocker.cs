using System.Text.Json;

namespace DropIt.Panel.Core.Cluster;

/// <summary>What the server's Docker is: missing, installed without a running daemon, or an engine of some version.</summary>
public sealed record ServerDocker(bool Installed, string? ServerVersion, string? ApiVersion, string? SwarmState, string? NodeId, string? Problem);

/// <summary>Reads <c>docker version</c> and <c>docker info</c> on the server and judges them.</summary>
public static class JoinDocker
{
    public const string Separator = "--dropit--";

    public const string Script =
        "if ! command -v docker >/dev/null 2>&1; then echo docker-missing; exit 0; fi; "
        + "docker version --format '{{json .}}' 2>&1; echo '" + Separator + "'; docker info --format '{{json .Swarm}}' 2>/dev/null";

    /// <summary>The official convenience script, run only with the admin's consent.</summary>
    public const string InstallScript =
        "set -e; command -v curl >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q curl; }; "
        + "curl -fsSL https://get.docker.com -o /tmp/dropit-get-docker.sh; sh /tmp/dropit-get-docker.sh; rm -f /tmp/dropit-get-docker.sh; "
        + "(systemctl enable --now docker 2>/dev/null || service docker start 2>/dev/null || true)";

    public static ServerDocker Parse(string output)
    {
        var text = output.Replace("\r", "", StringComparison.Ordinal);
        if (text.Trim() == "docker-missing")
        {
            return new ServerDocker(false, null, null, null, null, null);
        }

        var parts = text.Split(Separator, 2);
        var lines = parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var json = lines.FirstOrDefault(l => l.StartsWith('{'));
        var other = string.Join(' ', lines.Where(l => !l.StartsWith('{'))).Trim();
        string? version = null, api = null;
        if (json is not null)
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.TryGetProperty("Server", out var server) && server.ValueKind == JsonValueKind.Object)
            {
                version = server.TryGetProperty("Version", out var v) ? v.GetString() : null;
                api = server.TryGetProperty("ApiVersion", out var a) ? a.GetString() : null;
            }
        }

        string? state = null, nodeId = null;
        var swarmJson = parts.Length > 1 ? parts[1].Trim() : "";
        if (swarmJson.StartsWith('{'))
        {
            using var swarm = JsonDocument.Parse(swarmJson);
            state = swarm.RootElement.TryGetProperty("LocalNodeState", out var s) ? s.GetString() : null;
            nodeId = swarm.RootElement.TryGetProperty("NodeID", out var n) ? n.GetString() : null;
        }

        return new ServerDocker(true, version, api, state, string.IsNullOrEmpty(nodeId) ? null : nodeId,
            version is null ? (other.Length > 0 ? other : "docker version printed nothing") : null);
    }

    /// <summary>The leading numbers of a version: 20.10.24+dfsg1 is 20.10.24, 17.03.0-ce is 17.3.0.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var numbers = new string(text.Trim().TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray()).TrimEnd('.');
        var fields = numbers.Split('.');
        return fields.Length >= 2 && Version.TryParse(numbers, out var parsed) && fields.Length <= 4 ? parsed : null;
    }

    /// <summary>
    /// Null when Docker is fit to join; else what is wrong and what to do. A missing Docker is not judged here: the
    /// runner installs it with consent, or says how.
    /// </summary>
    public static string? Problem(ServerDocker docker, string minimum)
    {
        if (docker.ServerVersion is null)
        {
            return $"Docker is installed but its engine does not answer ({docker.Problem}). Start it on the server "
                + "(systemctl start docker) and try again.";
        }

        var found = ParseVersion(docker.ServerVersion);
        var least = ParseVersion(minimum)!;
        if (found is null || found < least)
        {
            return $"The server runs Docker {docker.ServerVersion}, older than {minimum}, the oldest the panel's swarm supports. "
                + "Upgrade Docker on the server (Docker's packages: https://docs.docker.com/engine/install/, or your "
                + "distribution's newer docker.io), then try again.";
        }

        if (docker.SwarmState is "active" or "pending" or "locked")
        {
            return $"The server's Docker is already part of a swarm (state {docker.SwarmState}, node {docker.NodeId}). "
                + "If it belongs to another swarm, run \"docker swarm leave\" on it first; if it is already a node of this "
                + "one, it needs no adding.";
        }

        return null;
    }
}
