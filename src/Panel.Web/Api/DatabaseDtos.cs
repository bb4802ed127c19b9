using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Web.Api;

public sealed record InitScriptDto(string? Name, string? Content);

public sealed record ServerSettingDto(string? Name, string? Value);

/// <summary>
/// Body of POST /api/projects/{id}/databases and PATCH /api/databases/{id}; absent fields keep their value (or their
/// default on create). <c>memoryLimitBytes</c> or <c>cpuLimit</c> 0 removes that limit, <c>externalPort</c> 0 closes the port.
/// </summary>
public sealed record DatabaseRequest(
    string? Name = null,
    string? Engine = null,
    string? Version = null,
    string? Image = null,
    string? DatabaseName = null,
    string? Username = null,
    string? VolumeName = null,
    List<InitScriptDto>? InitScripts = null,
    List<ServerSettingDto>? ServerSettings = null,
    long? MemoryLimitBytes = null,
    double? CpuLimit = null,
    int? ExternalPort = null,
    List<string>? AllowedSources = null)
{
    /// <summary>The Core input, or the message to answer with when the engine is not one the panel runs.</summary>
    public (DatabaseInput? Input, string? Error) ToInput(DatabaseView? current = null)
    {
        DatabaseEngine? engine = null;
        if (Engine is not null)
        {
            if (DatabaseEngineNames.Parse(Engine) is not { } parsed)
            {
                return (null, $"\"{Engine}\" is not an engine the panel runs; use one of {string.Join(", ", DatabaseEngineNames.All)}.");
            }

            engine = parsed;
        }

        // A 0 removes one limit; the other keeps its value unless it is given too.
        var clearLimits = MemoryLimitBytes == 0 || CpuLimit == 0;
        var input = new DatabaseInput(
            Name, engine, Version, Image, DatabaseName, Username, VolumeName,
            InitScripts?.Select(s => new InitScript { Name = s.Name ?? "", Content = s.Content ?? "" }).ToList(),
            ServerSettings?.Select(s => new ServerSetting { Name = s.Name ?? "", Value = s.Value ?? "" }).ToList(),
            MemoryLimitBytes is 0 ? null : MemoryLimitBytes ?? (clearLimits ? current?.MemoryLimitBytes : null),
            CpuLimit is 0 ? null : CpuLimit ?? (clearLimits ? current?.CpuLimit : null),
            ExternalPort is 0 ? null : ExternalPort,
            AllowedSources,
            ClearLimits: clearLimits ? true : null,
            CloseExternalPort: ExternalPort == 0 ? true : null);
        return (input, null);
    }
}

/// <summary>The engine names of the API: <c>postgres</c>, <c>mysql</c>, <c>mariadb</c>, <c>redis</c>.</summary>
public static class DatabaseEngineNames
{
    public static IReadOnlyList<string> All { get; } = DatabaseEngines.All.Select(p => Of(p.Engine)).ToList();

    public static string Of(DatabaseEngine engine) => engine.ToString().ToLowerInvariant();

    /// <summary>The engine of a name, any case; <c>postgresql</c> is PostgreSQL too.</summary>
    public static DatabaseEngine? Parse(string name)
    {
        var trimmed = name.Trim().ToLowerInvariant();
        if (trimmed == "postgresql")
        {
            return DatabaseEngine.Postgres;
        }

        return DatabaseEngines.All.FirstOrDefault(p => Of(p.Engine) == trimmed)?.Engine;
    }
}

public sealed record RetainedVolumeDto(string VolumeName, string Version, string Image, DateTimeOffset RetainedAt);

/// <summary>
/// A database as the API returns it; <see cref="InternalUrl"/> has its password masked, and no field carries one. The init
/// scripts may hold secrets: only an admin caller gets them, anyone else gets <c>null</c> and <see cref="InitScriptsHidden"/>.
/// </summary>
public sealed record DatabaseDto(
    Guid Id,
    Guid ProjectId,
    string Name,
    string Kind,
    string Engine,
    string Version,
    string Image,
    ServiceStatus Status,
    bool Stopped,
    string? DatabaseName,
    string? Username,
    string Host,
    int Port,
    string InternalUrl,
    string Reference,
    string VolumeName,
    List<InitScriptDto>? InitScripts,
    bool InitScriptsHidden,
    List<ServerSettingDto> ServerSettings,
    long? MemoryLimitBytes,
    double? CpuLimit,
    int? ExternalPort,
    IReadOnlyList<string> AllowedSources,
    RetainedVolumeDto? PreviousVolume,
    Guid? LiveDeploymentId,
    DateTimeOffset CreatedAt)
{
    public static DatabaseDto From(DatabaseView view, bool showInitScripts) => new(view.Id, view.ProjectId, view.Name, "database",
        DatabaseEngineNames.Of(view.Engine), view.Version, view.Image, view.Status, view.Stopped, view.DatabaseName, view.Username,
        view.Host, view.Port, view.MaskedUrl, view.Reference, view.VolumeName,
        showInitScripts ? view.InitScripts.Select(s => new InitScriptDto(s.Name, s.Content)).ToList() : null,
        !showInitScripts,
        view.ServerSettings.Select(s => new ServerSettingDto(s.Name, s.Value)).ToList(),
        view.MemoryLimitBytes, view.CpuLimit, view.ExternalPort, view.AllowedSources,
        view.PreviousVolume is { } p ? new RetainedVolumeDto(p.VolumeName, p.Version, p.Image, p.RetainedAt) : null,
        view.LiveDeploymentId, view.CreatedAt);
}

/// <summary>The only answer that carries a database's password; each one is in the audit trail.</summary>
public sealed record DatabaseCredentialsDto(string? Username, string Password, string? RootPassword, string Url)
{
    public static DatabaseCredentialsDto From(DatabaseCredentials c) => new(c.Username, c.Password, c.RootPassword, c.Url);
}

/// <summary>A database an application variable can reference with <see cref="Reference"/> (<c>${{ name.url }}</c>).</summary>
public sealed record DatabaseLinkDto(Guid Id, string Name, string Engine, string Reference, string InternalUrl)
{
    public static DatabaseLinkDto From(DatabaseLink link) =>
        new(link.Id, link.Name, DatabaseEngineNames.Of(link.Engine), link.Reference, link.MaskedUrl);
}

/// <summary>The major version to upgrade to, and optionally its image (the official one by default).</summary>
public sealed record DatabaseUpgradeRequest(string? Version, string? Image);
