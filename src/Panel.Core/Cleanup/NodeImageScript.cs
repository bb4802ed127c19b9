using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>
/// The shell the cleanup job runs on each node (decision 065), and the reading of what it printed. It looks only at
/// tags of the form <c>dropit/s-&lt;service&gt;:d-&lt;deployment&gt;</c> of the services in <c>DROPIT_SERVICES</c>; it
/// keeps those in <c>DROPIT_KEEP</c> (live, deploying, rollback window) and those of a running container, and removes
/// the others without force (the engine refuses an image a container still needs). One line per tag:
/// <c>kept|in-use|removed|would-remove|failed &lt;tag&gt; &lt;bytes or message&gt;</c>, then <c>done</c>.
/// </summary>
public static class NodeImageScript
{
    public const string Keep = "DROPIT_KEEP";
    public const string Services = "DROPIT_SERVICES";

    public const string Shell = """
        mode="$1"
        used=" $(docker ps --format '{{.Image}}' | sed 's/@.*//' | tr '\n' ' ') "
        for t in $(docker image ls --format '{{.Repository}}:{{.Tag}}' 'dropit/s-*'); do
          case "$t" in dropit/s-????????????????????????????????:d-????????????????????????????????) ;; *) continue ;; esac
          s=${t#dropit/s-}; s=${s%%:*}
          case " $DROPIT_SERVICES " in *" $s "*) ;; *) continue ;; esac
          size=$(docker image inspect --format '{{.Size}}' "$t" 2>/dev/null) || continue
          case " $DROPIT_KEEP " in *" $t "*) echo "kept $t $size"; continue ;; esac
          case "$used" in *" $t "*) echo "in-use $t $size"; continue ;; esac
          if [ "$mode" = dry ]; then echo "would-remove $t $size"; continue; fi
          if out=$(docker image rm "$t" 2>&1); then
            case "$out" in *Deleted:*) echo "removed $t $size" ;; *) echo "removed $t 0" ;; esac
          else
            echo "failed $t $(printf '%s' "$out" | tr '\n' ' ')"
          fi
        done
        echo done
        """;

    /// <summary>What one node's job printed, as a report; <paramref name="keptReasons"/> says why the panel kept a tag.</summary>
    public static NodeCleanupReport Read(string nodeId, string hostname, IEnumerable<string> lines,
        IReadOnlyDictionary<string, string> keptReasons)
    {
        var removed = new List<string>();
        var kept = new List<KeptImage>();
        var failures = new List<string>();
        long bytes = 0;
        var done = false;
        foreach (var line in lines)
        {
            var parts = line.Trim().Split(' ', 3);
            if (parts is ["done"])
            {
                done = true;
                continue;
            }

            if (parts.Length < 2 || !ImageRetention.TryParse(parts[1], out _, out _))
            {
                continue;
            }

            var (kind, tag, rest) = (parts[0], parts[1], parts.Length > 2 ? parts[2] : "");
            switch (kind)
            {
                case "removed" or "would-remove":
                    removed.Add(tag);
                    bytes += long.TryParse(rest, out var size) ? size : 0;
                    break;
                case "kept":
                    kept.Add(new KeptImage(tag, keptReasons.GetValueOrDefault(tag, KeepReasons.RollbackWindow)));
                    break;
                case "in-use":
                    kept.Add(new KeptImage(tag, KeepReasons.InUse));
                    break;
                case "failed":
                    kept.Add(new KeptImage(tag, "refused by the engine"));
                    failures.Add($"{tag}: {rest.Trim()}");
                    break;
            }
        }

        var error = failures.Count > 0 ? $"Some images stayed on {hostname}: {string.Join("; ", failures)}"
            : done ? null : $"The cleanup on {hostname} did not finish; see `docker service logs` there and run the cleanup again.";
        return new NodeCleanupReport(nodeId, hostname, removed, bytes, kept, error);
    }
}

/// <summary>What the cleanup removed (or would remove) on another node of the swarm, what stayed there and why, and what went wrong.</summary>
public sealed record NodeCleanupReport(string NodeId, string Hostname, IReadOnlyList<string> ImagesRemoved, long ImageBytes,
    IReadOnlyList<KeptImage> ImagesKept, string? Error);

/// <summary>Labels of the cleanup job.</summary>
internal static class NodeCleanupLabels
{
    public static IReadOnlyDictionary<string, string> Of => new Dictionary<string, string> { ["dropit.node-agent"] = "cleanup" };

    public static bool IsUsable(SwarmNode node) => node.IsUp && node.Availability == NodeAvailability.Active;
}
