using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Reads one service of a compose file: refuses what Swarm or the panel cannot run, and plans the rest.</summary>
internal sealed partial class ComposeServiceReader(
    ComposeReadOptions options, ComposeDeclarations declared, ComposeVolumes volumes, ComposeProblems problems)
{
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ServiceName();

    public List<ComposeLabelDomain> LabelDomains { get; } = [];

    public ComposeServiceModel? Read(string name, YamlNode keyNode, YamlNode node)
    {
        if (!ServiceName().IsMatch(name))
        {
            problems.Error($"'{name}' is not a valid service name: use letters, digits, '.', '_' and '-'.", keyNode, name);
            return null;
        }

        if (node is not YamlMappingNode service)
        {
            problems.Error("a service must be a mapping of keys (image:, build:, ...).", node, name);
            return null;
        }

        var state = new State(name);
        foreach (var (key, keyAt, value) in ComposeYaml.Entries(service))
        {
            ReadKey(state, key, keyAt, value);
        }

        if (state.Image is null && ComposeYaml.Get(service, "build") is null)
        {
            problems.Error("the service has neither image: nor build: say which image it runs, or how to build it.", keyNode, name);
        }

        var stateful = state.Volumes.Count > 0;
        if (stateful)
        {
            CheckStateful(state, service);
        }

        var plan = new ComposeServicePlan(
            name, state.Image, state.Build, state.Replicas, state.Volumes, state.HasHealthCheck,
            state.DependsOn.Select(d => d.Name).ToList(), state.DependsOnHealthy, state.Ports, state.Files);
        return new ComposeServiceModel(
            name, service, plan, state.VolumeUses, state.Networks, state.Secrets, state.Configs, state.PublishesIngressPorts)
        {
            DependsOnNodes = state.DependsOn,
        };
    }

    private void ReadKey(State state, string key, YamlNode keyAt, YamlNode value)
    {
        var name = state.Name;
        if (ComposeYaml.IsExtension(key))
        {
            return;
        }

        if (ComposeKeys.RefusalReason(key) is { } reason)
        {
            problems.Error($"{key} is refused: {reason}.", keyAt, name);
            return;
        }

        if (!ComposeKeys.CopiedServiceKeys.Contains(key) && !ComposeKeys.RewrittenServiceKeys.Contains(key))
        {
            problems.Error(
                $"{key} is not a key the panel can deploy: Docker Swarm (docker stack deploy 20.10, compose format 3.9) does not know it. Remove it.",
                keyAt, name);
            return;
        }

        switch (key)
        {
            case "image":
                state.Image = ComposeYaml.Text(value);
                break;
            case "build":
                state.Build = new ComposeBuildReader(options, problems).Read(name, value);
                break;
            case "depends_on":
                ReadDependsOn(state, value);
                break;
            case "healthcheck":
                ReadHealthCheck(state, value);
                break;
            case "volumes" when value is YamlSequenceNode list:
                state.VolumeUses = volumes.Read(name, list, state.Volumes, state.Files);
                break;
            case "labels":
                ComposePorts.ReadTraefikLabels(name, ComposeYaml.ListOrDict(value), state.Ports, LabelDomains, problems);
                break;
            case "deploy":
                ReadDeploy(state, value);
                break;
            case "restart":
                ReadRestart(state, value);
                break;
            case "networks":
                state.Networks = References(state, value, "networks", declared.Networks, allowDefault: true);
                break;
            case "secrets":
                state.Secrets = References(state, value, "secrets", declared.Secrets, allowDefault: false);
                break;
            case "configs":
                state.Configs = References(state, value, "configs", declared.Configs, allowDefault: false);
                foreach (var item in value is YamlSequenceNode configs ? configs.Children : [])
                {
                    var config = item is YamlMappingNode m ? ComposeYaml.Text(ComposeYaml.Get(m, "source")) : ComposeYaml.Text(item);
                    var target = item is YamlMappingNode t ? ComposeYaml.Text(ComposeYaml.Get(t, "target")) : null;
                    if (config is not null && declared.ConfigFiles.TryGetValue(config, out var path))
                    {
                        state.Files.Add(new ComposeFileMount(path, target ?? $"/{config}"));
                    }
                }

                break;
            case "ports" when value is YamlSequenceNode ports:
                state.PublishesIngressPorts = ComposePorts.ReadPorts(ports, name, state.Ports, problems);
                break;
            case "expose" when value is YamlSequenceNode expose:
                ComposePorts.ReadExpose(expose, state.Ports);
                break;
            case "volumes" or "ports" or "expose":
                problems.Error($"{key} must be a list.", value, name);
                break;
        }
    }

    private void ReadDependsOn(State state, YamlNode value)
    {
        if (value is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                state.DependsOn.Add((ComposeYaml.Text(item) ?? "", item));
            }

            return;
        }

        if (value is not YamlMappingNode mapping)
        {
            problems.Error("depends_on must be a list of services or a mapping of services to conditions.", value, state.Name);
            return;
        }

        foreach (var (other, at, details) in ComposeYaml.Entries(mapping))
        {
            state.DependsOn.Add((other, at));
            var condition = details is YamlMappingNode d ? ComposeYaml.Text(ComposeYaml.Get(d, "condition")) : null;
            if (condition is not null && !ComposeKeys.DependsOnConditions.Contains(condition))
            {
                problems.Error(
                    $"depends_on condition '{condition}' is unknown: use service_started, service_healthy or service_completed_successfully.",
                    details, state.Name);
            }

            if (condition == "service_healthy")
            {
                state.DependsOnHealthy.Add(other);
            }
        }
    }

    private void ReadHealthCheck(State state, YamlNode value)
    {
        if (value is not YamlMappingNode health)
        {
            problems.Error("healthcheck must be a mapping (test, interval, timeout, retries, start_period).", value, state.Name);
            return;
        }

        foreach (var (key, at, _) in ComposeYaml.Entries(health))
        {
            if (key == "start_interval")
            {
                problems.Warn("healthcheck start_interval is left out: Docker 20.10 does not know it; interval applies from the start.", at, state.Name);
            }
            else if (!ComposeKeys.HealthCheckKeys.Contains(key) && !ComposeYaml.IsExtension(key))
            {
                problems.Error($"healthcheck {key} is unknown: use test, interval, timeout, retries, start_period or disable.", at, state.Name);
            }
        }

        var test = ComposeYaml.Get(health, "test");
        var none = test is YamlSequenceNode { Children.Count: > 0 } list && ComposeYaml.Text(list.Children[0]) == "NONE";
        state.HasHealthCheck = !ComposeYaml.IsTrue(ComposeYaml.Get(health, "disable")) && !none;
    }

    private void ReadDeploy(State state, YamlNode value)
    {
        if (value is not YamlMappingNode deploy)
        {
            problems.Error("deploy must be a mapping.", value, state.Name);
            return;
        }

        foreach (var (key, at, item) in ComposeYaml.Entries(deploy))
        {
            if (!ComposeKeys.DeployKeys.Contains(key) && !ComposeYaml.IsExtension(key))
            {
                problems.Error(
                    $"deploy.{key} is unknown to Docker 20.10: use replicas, resources, update_config, rollback_config, restart_policy, placement, labels, mode or endpoint_mode.",
                    at, state.Name);
            }

            if (key == "replicas")
            {
                var text = ComposeYaml.Text(item);
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas))
                {
                    state.Replicas = replicas;
                }
                else if (text?.Contains('$') != true)
                {
                    problems.Error($"deploy.replicas must be a whole number, not '{text}'.", item, state.Name);
                }
            }
        }
    }

    private void ReadRestart(State state, YamlNode value)
    {
        var text = ComposeYaml.Text(value) ?? "";
        if (StackFileWriter.RestartCondition(text) is null)
        {
            problems.Error($"restart '{text}' is unknown: use no, always, on-failure or unless-stopped.", value, state.Name);
        }
    }

    private List<string> References(State state, YamlNode value, string kind, IReadOnlyDictionary<string, YamlNode> known, bool allowDefault)
    {
        var names = new List<(string, YamlNode)>();
        if (value is YamlMappingNode mapping)
        {
            names.AddRange(ComposeYaml.Entries(mapping).Select(e => (e.Key, e.KeyNode)));
        }
        else if (value is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                var source = item is YamlMappingNode m ? ComposeYaml.Text(ComposeYaml.Get(m, "source")) : ComposeYaml.Text(item);
                names.Add((source ?? "", item));
            }
        }
        else
        {
            problems.Error($"{kind} must be a list or a mapping.", value, state.Name);
        }

        foreach (var (name, at) in names)
        {
            if (!known.ContainsKey(name) && !(allowDefault && name == "default"))
            {
                problems.Error($"{kind[..^1]} '{name}' is not declared: add it under the top-level {kind}:.", at, state.Name);
            }
        }

        return names.Select(n => n.Item1).ToList();
    }

    private void CheckStateful(State state, YamlMappingNode service)
    {
        if (ComposeYaml.Get(service, "deploy") is not YamlMappingNode deploy)
        {
            return;
        }

        foreach (var section in new[] { "update_config", "rollback_config" })
        {
            if (ComposeYaml.Get(deploy, section) is YamlMappingNode config
                && ComposeYaml.Get(config, "order") is { } order && ComposeYaml.Text(order) == "start-first")
            {
                problems.Warn(
                    $"deploy.{section}.order start-first becomes stop-first: the service keeps data in a volume, and two versions must never write it at once.",
                    order, state.Name);
            }
        }

        if (state.Replicas > 1)
        {
            problems.Warn(
                $"{state.Replicas} replicas share the same volumes: make sure the program allows several writers, or set deploy.replicas to 1.",
                deploy, state.Name);
        }
    }

    private sealed class State(string name)
    {
        public string Name { get; } = name;
        public string? Image { get; set; }
        public ComposeBuild? Build { get; set; }
        public int Replicas { get; set; } = 1;
        public List<string> Volumes { get; } = [];
        public List<ComposeVolumeUse> VolumeUses { get; set; } = [];
        public bool HasHealthCheck { get; set; } = true;
        public List<(string Name, YamlNode Node)> DependsOn { get; } = [];
        public List<string> DependsOnHealthy { get; } = [];
        public List<int> Ports { get; } = [];
        public List<ComposeFileMount> Files { get; } = [];
        public List<string> Networks { get; set; } = [];
        public List<string> Secrets { get; set; } = [];
        public List<string> Configs { get; set; } = [];
        public bool PublishesIngressPorts { get; set; }
    }
}
