namespace DropIt.Panel.Core.Cluster;

/// <summary>What <c>/etc/os-release</c> says of a server.</summary>
public sealed record ServerOs(string Id, string PrettyName, string? VersionId);

/// <summary>Reads the server's operating system and the SSH user's rights.</summary>
public static class JoinSystem
{
    /// <summary>Prints os-release, the machine type, the user id and whether sudo works without a password.</summary>
    public const string Script =
        "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; echo '--dropit--'; uname -sm; id -u; "
        + "if [ \"$(id -u)\" = 0 ] || sudo -n true 2>/dev/null; then echo root-ok; else echo root-refused; fi";

    public sealed record Facts(ServerOs? Os, string Kernel, bool IsRoot, bool CanBecomeRoot);

    public static Facts Parse(string output)
    {
        var parts = output.Replace("\r", "", StringComparison.Ordinal).Split("--dropit--\n", 2);
        var tail = (parts.Length > 1 ? parts[1] : "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Facts(
            ParseOsRelease(parts[0]),
            tail.ElementAtOrDefault(0) ?? "",
            tail.ElementAtOrDefault(1) == "0",
            tail.ElementAtOrDefault(2) == "root-ok");
    }

    /// <summary>The os-release fields (<c>KEY=value</c>, values optionally quoted); null when there are none.</summary>
    public static ServerOs? ParseOsRelease(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..];
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            }

            fields[line[..equals]] = value;
        }

        if (!fields.TryGetValue("ID", out var id))
        {
            return null;
        }

        fields.TryGetValue("VERSION_ID", out var version);
        return new ServerOs(id, fields.GetValueOrDefault("PRETTY_NAME") ?? fields.GetValueOrDefault("NAME") ?? id, version);
    }

    /// <summary>The step's outcome: what the server is, or why the panel cannot go on.</summary>
    public static string Judge(Facts facts, string user)
    {
        if (facts.Os is null || !facts.Kernel.StartsWith("Linux", StringComparison.Ordinal))
        {
            throw new JoinStepException(
                $"The server has no /etc/os-release or is not Linux ({(facts.Kernel.Length > 0 ? facts.Kernel : "unknown system")}). "
                + "Docker Swarm nodes run Linux: add a Linux server.");
        }

        if (!facts.CanBecomeRoot)
        {
            throw new JoinStepException(
                $"The user {user} is not root and cannot run sudo without a password. Connect as root, or give {user} "
                + $"passwordless sudo (a line \"{user} ALL=(ALL) NOPASSWD:ALL\" in /etc/sudoers.d/dropit), then try again.");
        }

        var machine = facts.Kernel.Split(' ').ElementAtOrDefault(1) ?? "";
        return $"{facts.Os.PrettyName}, {machine}, {(facts.IsRoot ? "as root" : "root through sudo")}";
    }
}
