namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Builds the files of Traefik's file provider from typed records: one per routed service, one of shared
/// middlewares, one for the panel; and <c>traefik.yml</c>. Every value is checked first (see the exceptions).
/// </summary>
public static class TraefikConfigBuilder
{
    /// <summary>
    /// Priority of the ACME challenge router: the highest Traefik accepts for a user router on any platform
    /// (it refuses more than MaxInt - 1000, and Go's int may be 32 bits).
    /// </summary>
    public const int AcmeChallengePriority = int.MaxValue - 1000;

    public const string AcmeChallengePath = "/.well-known/acme-challenge/";

    /// <summary>
    /// The file of one service, or null when it has no domains (Traefik is never given a file without routers).
    /// </summary>
    /// <exception cref="RoutingConfigException">A host, path, address, user or file path cannot be routed safely.</exception>
    public static GeneratedFile? ServiceFile(RoutedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return BuildService(service)?.File;
    }

    /// <summary><c>redirect-to-https</c>, <c>security-headers</c> and <c>compress</c>, used by every file as <c>name@file</c>.</summary>
    public static GeneratedFile SharedMiddlewaresFile() => SharedMiddlewares().File;

    private static BuiltFile SharedMiddlewares()
    {
        var middlewares = new SortedDictionary<string, HttpMiddleware>(StringComparer.Ordinal)
        {
            [Local(TraefikFiles.Compress)] = new() { Compress = new CompressMiddleware() },
            [Local(TraefikFiles.RedirectToHttps)] = new() { RedirectScheme = new RedirectSchemeMiddleware("https", Permanent: true) },
            [Local(TraefikFiles.SecurityHeaders)] = new()
            {
                Headers = new HeadersMiddleware(
                    StsSeconds: 31_536_000,
                    StsIncludeSubdomains: false,
                    StsPreload: false,
                    ContentTypeNosniff: true,
                    FrameDeny: true,
                    ReferrerPolicy: "strict-origin-when-cross-origin"),
            },
        };
        return EmitDynamic(TraefikFiles.Middlewares, new DynamicConfig(new HttpConfig(Middlewares: middlewares)));
    }

    /// <summary>The ACME challenge router (top priority), the panel's host and the dashboard (behind basic auth).</summary>
    /// <exception cref="RoutingConfigException">A value cannot be routed safely, or the dashboard has no user.</exception>
    public static GeneratedFile PanelFile(PanelRoute panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return EmitDynamic(TraefikFiles.Panel, PanelRoutes.Build(panel)).File;
    }

    /// <summary>
    /// Every file the dynamic folder should hold, by file name: what <see cref="DynamicFolderWriter.ReconcileAsync(IReadOnlyDictionary{string, string}, CancellationToken)"/>
    /// expects. Services are built in parallel.
    /// </summary>
    /// <exception cref="RoutingConfigException">
    /// A service cannot be routed (the first one in list order; its field reads <c>Services[&lt;id&gt;].Domains[0].Host</c>).
    /// </exception>
    public static IReadOnlyDictionary<string, string> DynamicFolder(IReadOnlyList<RoutedService> services, PanelRoute panel)
    {
        var plan = PlanDynamicFolder(services, panel);
        return plan.Refused.Count > 0 ? throw plan.Refused[0].Error : plan.Files;
    }

    /// <summary>
    /// Every file the dynamic folder should hold, and apart from them the files that cannot be built: a service (or the
    /// panel) whose values cannot be routed safely is refused on its own, so the others are still written.
    /// </summary>
    public static DynamicFolderPlan PlanDynamicFolder(IReadOnlyList<RoutedService> services, PanelRoute panel)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(panel);
        var middlewares = SharedMiddlewares();
        var built = new BuiltFile?[services.Count];
        var refused = new RefusedFile?[services.Count];
        var previous = BuiltServices.Previous();
        Parallel.For(0, services.Count, i =>
        {
            try
            {
                built[i] = previous.Build(services[i], BuildService);
            }
            catch (RoutingConfigException e)
            {
                var field = $"Services[{services[i].ServiceId}].{e.Field}";
                refused[i] = new RefusedFile(TraefikFiles.Service(services[i].ServiceId),
                    new RoutingConfigException(field, e.Message[(e.Field.Length + 2)..], e.Errors));
            }
        });
        BuiltServices.Remember(services, built);

        var files = new Dictionary<string, string>(services.Count + 2, StringComparer.Ordinal);
        var models = new Dictionary<string, BuiltFile>(services.Count + 2, StringComparer.Ordinal);
        void Add(BuiltFile file)
        {
            files.Add(file.File.FileName, file.File.Content);
            models.Add(file.File.FileName, file);
        }

        Add(middlewares);
        var refusals = refused.OfType<RefusedFile>().ToList();
        try
        {
            Add(EmitDynamic(TraefikFiles.Panel, PanelRoutes.Build(panel)));
        }
        catch (RoutingConfigException e)
        {
            refusals.Add(new RefusedFile(TraefikFiles.Panel, e));
        }

        foreach (var file in built)
        {
            if (file is not null)
            {
                Add(file);
            }
        }

        return new DynamicFolderPlan(files, refusals) { Models = models };
    }

    /// <summary><c>traefik.yml</c>: entry points web and websecure, the watched file provider, the dashboard, logs.</summary>
    public static GeneratedFile StaticConfig(TraefikStaticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entryPoints = new SortedDictionary<string, EntryPoint>(StringComparer.Ordinal)
        {
            [EntryPoints.Web] = new($":{RoutingGuard.Port(options.HttpPort, nameof(options.HttpPort))}"),
            [EntryPoints.WebSecure] = new($":{RoutingGuard.Port(options.HttpsPort, nameof(options.HttpsPort))}"),
        };
        var model = new TraefikStaticConfig(
            entryPoints,
            new StaticProviders(new FileProviderConfig(RoutingGuard.File(options.DynamicDirectory, nameof(options.DynamicDirectory)), Watch: true)),
            new StaticApi(Dashboard: true),
            new AccessLogConfig(),
            new LogConfig(RoutingGuard.LogLevel(options.LogLevel, nameof(options.LogLevel))));
        return Emit(TraefikFiles.StaticConfig, model);
    }

    /// <summary>The file of one service and its model; null when it has no domains.</summary>
    internal static BuiltFile? BuildService(RoutedService service) =>
        service.Domains.Count == 0 ? null : EmitDynamic(TraefikFiles.Service(service.ServiceId), ServiceRoutes.Build(service));

    private static BuiltFile EmitDynamic(string fileName, DynamicConfig model) => new(Emit(fileName, model), model);

    private static GeneratedFile Emit(string fileName, object model)
    {
        var content = TraefikYaml.Serialize(model);

        // Every input was checked; this catches a template marker formed by the generator itself.
        RoutingGuard.NoTemplate(content, fileName);
        return new GeneratedFile(fileName, content);
    }

    private static string Local(string sharedReference) => sharedReference[..sharedReference.IndexOf('@', StringComparison.Ordinal)];
}
