using System.Globalization;
using YamlDotNet.RepresentationModel;
using static DropIt.Panel.Core.Compose.ComposeYaml;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Writes a service's <c>deploy:</c>: the user's settings, the panel's labels, the restart policy from
/// <c>restart:</c>, and update/rollback orders that never run two versions of a stateful service at once.
/// </summary>
internal sealed class StackDeployWriter(StackFileOptions options)
{
    public YamlMappingNode Write(ComposeServiceModel service)
    {
        var deploy = Get(service.Node, "deploy") is YamlMappingNode user ? (YamlMappingNode)Copy(user) : new YamlMappingNode();
        deploy.Children[Plain("labels")] = StackFileWriter.Labels(Get(deploy, "labels"), options.Labels, dropTraefik: false);

        if (Get(deploy, "restart_policy") is null && Text(Get(service.Node, "restart")) is { } restart
            && StackFileWriter.RestartCondition(restart) is { } condition)
        {
            var policy = new YamlMappingNode { { "condition", Plain(condition) } };
            var attempts = restart.Split(':');
            if (attempts.Length == 2 && int.TryParse(attempts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                policy.Add("max_attempts", Plain(max.ToString(CultureInfo.InvariantCulture)));
            }

            deploy.Children[Plain("restart_policy")] = policy;
        }

        var order = service.Plan.Stateful ? "stop-first" : null;
        var update = Section(deploy, "update_config");
        SetDefault(update, "parallelism", "1");
        update.Children[Plain("order")] = Plain(order ?? Text(Get(update, "order")) ?? "start-first");
        SetDefault(update, "failure_action", "rollback");
        SetDefault(update, "monitor", "5s");

        var rollback = Section(deploy, "rollback_config");
        SetDefault(rollback, "parallelism", "1");
        rollback.Children[Plain("order")] = Plain(order ?? Text(Get(rollback, "order")) ?? Text(Get(update, "order"))!);

        if (options.EndpointMode is { } endpointMode && Get(deploy, "endpoint_mode") is null && !service.PublishesIngressPorts)
        {
            deploy.Children[Plain("endpoint_mode")] = Plain(endpointMode);
        }

        return deploy;
    }

    private static YamlMappingNode Section(YamlMappingNode deploy, string key)
    {
        if (Get(deploy, key) is YamlMappingNode existing)
        {
            return existing;
        }

        var section = new YamlMappingNode();
        deploy.Children[Plain(key)] = section;
        return section;
    }

    private static void SetDefault(YamlMappingNode mapping, string key, string value)
    {
        if (Get(mapping, key) is null)
        {
            mapping.Add(key, Plain(value));
        }
    }
}
