using System.Globalization;
using System.Net;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cluster;

/// <summary>The manager a new node joins: its address as the node must reach it, and the tokens.</summary>
public sealed record JoinManager(string Host, int Port, SwarmJoinTokens Target)
{
    /// <summary>Exit 0: the port answers; 3: no tool to test with; anything else: it does not answer.</summary>
    public const string ProbeScript =
        "if command -v bash >/dev/null 2>&1; then timeout 5 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$1\" \"$2\"; "
        + "elif command -v nc >/dev/null 2>&1; then nc -z -w 5 \"$1\" \"$2\"; else exit 3; fi";

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    public string Address => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{PortText}" : $"{Host}:{PortText}";

    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary><c>host</c>, <c>host:port</c> or <c>[v6]:port</c>; the port is 2377 when left out.</summary>
    public static JoinManager From(string address, SwarmJoinTokens target)
    {
        var text = address.Trim();
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            var port = close + 2 < text.Length ? int.Parse(text[(close + 2)..], CultureInfo.InvariantCulture) : 2377;
            return new JoinManager(text[1..close], port, target);
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon
            ? new JoinManager(text[..colon], int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture), target)
            : new JoinManager(text, 2377, target);
    }

    /// <summary>Whether <paramref name="address"/> reads as <c>host</c>, <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static bool IsAddress(string address)
    {
        try
        {
            var manager = From(address, new SwarmJoinTokens("", "", []));
            return manager.Host.Length > 0 && !manager.Host.Any(char.IsWhiteSpace) && manager.Port is > 0 and < 65536;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// The swarm's join tokens and managers from the panel's own engine; throws <see cref="JoinStepException"/> when it
    /// is not a manager. The tokens are secrets: never log them or put them in a message.
    /// </summary>
    public static async Task<SwarmJoinTokens> TokensAsync(INodeOperations nodes, CancellationToken cancellationToken)
    {
        SwarmJoinTokens tokens;
        try
        {
            tokens = await nodes.JoinTokensAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new JoinStepException(
                $"The panel's Docker engine gave no join tokens ({e.Message}). It must be a swarm manager: start the panel once "
                + "against its engine (it creates the swarm), or point Docker:Endpoint at a manager.");
        }

        return tokens.ManagerAddresses.Count == 0 || tokens.Worker.Length == 0
            ? throw new JoinStepException(
                "The panel's swarm has no reachable manager address to join. Check \"docker node ls\" on the panel's server.")
            : tokens;
    }

    /// <summary>The <c>src</c> of <c>ip -o route get</c>: the node's own address towards the manager.</summary>
    public static string? SourceAddress(string routeOutput)
    {
        var words = routeOutput.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(words, "src");
        return index >= 0 && index + 1 < words.Length && IPAddress.TryParse(words[index + 1], out _) ? words[index + 1] : null;
    }

    public static string JoinCommand(JoinRole role, JoinManager manager, string? advertise)
    {
        var token = role == JoinRole.Manager ? manager.Target.Manager : manager.Target.Worker;
        string[] command = advertise is null
            ? ["docker", "swarm", "join", "--token", token, manager.Address]
            : ["docker", "swarm", "join", "--token", token, "--advertise-addr", advertise, manager.Address];
        return JoinShell.Command(command);
    }
}
