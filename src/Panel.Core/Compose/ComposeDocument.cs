namespace DropIt.Panel.Core.Compose;

/// <summary>
/// A compose file read and checked: what it will create (<see cref="Plan"/>), and the stack file Docker deploys
/// (<see cref="WriteStackFile"/>). Unsupported keys are refused with their reason, never dropped silently.
/// </summary>
public sealed class ComposeDocument
{
    private readonly ComposeModel model;

    private ComposeDocument(ComposePlan plan, ComposeModel model)
    {
        Plan = plan;
        this.model = model;
    }

    public ComposePlan Plan { get; }

    public static ComposeCheck Read(string yaml, ComposeReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(options);
        var reader = new ComposeReader(options);
        var model = reader.Read(yaml);
        var problems = reader.Problems;
        if (model is null || problems.Errors.Count > 0)
        {
            return new ComposeCheck(null, problems.Errors, problems.Warnings);
        }

        return new ComposeCheck(new ComposeDocument(PlanOf(model, reader.LabelDomains), model), [], problems.Warnings);
    }

    /// <summary>A compose file (version 3.9, as <c>docker stack deploy</c> reads it) with the panel's additions; <c>${VAR}</c> left as written.</summary>
    public string WriteStackFile(StackFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StackFileWriter(model, options).Write();
    }

    /// <summary>What a one-off run from <paramref name="service"/>'s new spec needs (the release command, decision 044).</summary>
    public ComposeServiceRun RunOf(string service, string stackName, StackFileOptions options, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ComposeServiceRuns.Of(model, service, stackName, options, environment);
    }

    private static ComposePlan PlanOf(ComposeModel model, IReadOnlyList<ComposeLabelDomain> domains)
    {
        var services = model.Services.Select(s => s.Plan).ToList();
        var volumes = model.Declared.Volumes.Keys.Where(v => services.Any(s => s.Volumes.Contains(v)))
            .Concat(model.FolderVolumes).ToList();
        var networks = model.Declared.Networks.Keys.Where(n => model.Services.Any(s => s.Networks.Contains(n))).ToList();
        if (model.Services.Any(s => s.Networks.Count == 0 || s.Networks.Contains("default")) && !networks.Contains("default"))
        {
            networks.Insert(0, "default");
        }

        var secrets = model.Declared.EnvironmentSecrets.Where(s => model.Services.Any(m => m.Secrets.Contains(s.Name))).ToList();
        return new ComposePlan(services, volumes, networks, secrets, domains)
        {
            SecretFiles = model.Declared.SecretFiles.Where(f => model.Services.Any(m => m.Secrets.Contains(f.Key)))
                .Select(f => new ComposeSecretFile(f.Key, f.Value)).ToList(),
        };
    }
}
