using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Databases;

/// <summary>What an admin sends to create or change a database; null leaves a setting as it is (or its default).</summary>
public sealed record DatabaseInput(
    string? Name = null,
    DatabaseEngine? Engine = null,
    string? Version = null,
    string? Image = null,
    string? DatabaseName = null,
    string? Username = null,
    string? VolumeName = null,
    IReadOnlyList<InitScript>? InitScripts = null,
    IReadOnlyList<ServerSetting>? ServerSettings = null,
    long? MemoryLimitBytes = null,
    double? CpuLimit = null,
    int? ExternalPort = null,
    IReadOnlyList<string>? AllowedSources = null,
    bool? ClearLimits = null,
    bool? CloseExternalPort = null);

/// <summary>A database as the pages and the API show it; no password.</summary>
public sealed record DatabaseView(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string Name,
    ServiceStatus Status,
    bool Stopped,
    DatabaseEngine Engine,
    string Version,
    string Image,
    string? DatabaseName,
    string? Username,
    string Host,
    int Port,
    string MaskedUrl,
    string Reference,
    string VolumeName,
    IReadOnlyList<InitScript> InitScripts,
    IReadOnlyList<ServerSetting> ServerSettings,
    long? MemoryLimitBytes,
    double? CpuLimit,
    int? ExternalPort,
    IReadOnlyList<string> AllowedSources,
    RetainedVolume? PreviousVolume,
    Guid? LiveDeploymentId,
    DateTimeOffset CreatedAt);

/// <summary>A database's credentials in clear, shown on demand.</summary>
public sealed record DatabaseCredentials(string? Username, string Password, string? RootPassword, string Url);

/// <summary>A database an application's variable can reference: <c>${{ name.url }}</c>.</summary>
public sealed record DatabaseLink(Guid Id, string Name, DatabaseEngine Engine, string Reference, string MaskedUrl);
