using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Checks depends_on: every service named exists, and no service waits for itself through others.</summary>
internal static class ComposeDependencies
{
    public static void Check(IReadOnlyList<ComposeServiceModel> services, YamlMappingNode servicesNode, ComposeProblems problems)
    {
        var known = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var declared = ComposeYaml.Entries(servicesNode).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var (name, node) in service.DependsOnNodes)
            {
                if (!declared.Contains(name))
                {
                    problems.Error($"depends_on names '{name}', which is not a service of this file.", node, service.Name);
                }
            }
        }

        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: being visited, true: done
        foreach (var service in services)
        {
            var path = new List<string>();
            if (FindCycle(service, known, state, path))
            {
                var start = path.IndexOf(path[^1]);
                var cycle = string.Join(" -> ", path.Skip(start));
                problems.Error(
                    $"depends_on makes a cycle ({cycle}): no service of it could start first. Remove one of these dependencies.",
                    known[path[start]].DependsOnNodes.First(d => d.Name == path[start + 1]).Node, path[start]);
                return;
            }
        }
    }

    private static bool FindCycle(
        ComposeServiceModel service, Dictionary<string, ComposeServiceModel> known, Dictionary<string, bool> state, List<string> path)
    {
        path.Add(service.Name);
        if (state.TryGetValue(service.Name, out var done))
        {
            if (!done)
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
            return false;
        }

        state[service.Name] = false;
        foreach (var (name, _) in service.DependsOnNodes)
        {
            if (known.TryGetValue(name, out var next) && FindCycle(next, known, state, path))
            {
                return true;
            }
        }

        state[service.Name] = true;
        path.RemoveAt(path.Count - 1);
        return false;
    }
}
