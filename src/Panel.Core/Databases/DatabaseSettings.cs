namespace DropIt.Panel.Core.Databases;

public enum DatabaseEngine
{
    Postgres,
    MySql,
    MariaDb,
    Redis,
}

/// <summary>Settings of a database service; stored as JSON on its <see cref="Projects.Service"/>.</summary>
public sealed class DatabaseSettings
{
    public DatabaseEngine Engine { get; set; }

    /// <summary>The engine version the admin chose ("16", "16.4"); its major part decides what a change may do.</summary>
    public string Version { get; set; } = "16";

    /// <summary>The image that runs it; the official image of the engine and version unless the admin set another.</summary>
    public string Image { get; set; } = "";

    /// <summary>The database created on first start (PostgreSQL, MySQL, MariaDB).</summary>
    public string? DatabaseName { get; set; }

    /// <summary>The user created on first start (PostgreSQL, MySQL, MariaDB).</summary>
    public string? Username { get; set; }

    /// <summary>The user's password (Redis: requirepass), encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string PasswordEncrypted { get; set; } = "";

    /// <summary>MySQL and MariaDB: the root password, encrypted.</summary>
    public string? RootPasswordEncrypted { get; set; }

    /// <summary>Raised by every password rotation; the Swarm secrets of a generation carry it in their names.</summary>
    public int SecretGeneration { get; set; } = 1;

    /// <summary>The named volume that holds the data.</summary>
    public string VolumeName { get; set; } = "";

    /// <summary>The panel created the volume (so it may delete it when the first start fails or the admin asks).</summary>
    public bool VolumeCreatedByPanel { get; set; }

    /// <summary>The swarm node that holds the volume once the database first ran; the service is pinned to it.</summary>
    public string? NodeId { get; set; }

    /// <summary>The first start succeeded: the volume holds an initialised database.</summary>
    public bool Initialised { get; set; }

    /// <summary>SQL or shell scripts run once, in order, on an empty volume.</summary>
    public List<InitScript> InitScripts { get; set; } = [];

    /// <summary>Server settings: PostgreSQL <c>-c name=value</c>, MySQL/MariaDB <c>--name=value</c>, Redis directives.</summary>
    public List<ServerSetting> ServerSettings { get; set; } = [];

    public long? MemoryLimitBytes { get; set; }
    public double? CpuLimit { get; set; }

    /// <summary>How long a stop waits for the server to shut down cleanly before it is killed.</summary>
    public int StopGracePeriodSeconds { get; set; } = 30;

    /// <summary>A port of the host that reaches the database from outside; null keeps it internal (the default).</summary>
    public int? ExternalPort { get; set; }

    /// <summary>Source addresses or CIDR ranges allowed through <see cref="ExternalPort"/> (the panel's firewall drops the others); empty allows any.</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>After a major upgrade: the previous version's volume, kept for a rollback until the admin deletes it.</summary>
    public RetainedVolume? PreviousVolume { get; set; }

    /// <summary>A major upgrade by dump and restore that the next deployment carries out.</summary>
    public PendingUpgrade? Upgrade { get; set; }
}

/// <summary>The version and image a major upgrade moves to.</summary>
public sealed class PendingUpgrade
{
    public required string Version { get; set; }
    public required string Image { get; set; }
}

/// <summary>A script placed in <c>/docker-entrypoint-initdb.d</c>: <c>.sql</c>, <c>.sql.gz</c> or <c>.sh</c>.</summary>
public sealed class InitScript
{
    public required string Name { get; set; }
    public required string Content { get; set; }
}

public sealed class ServerSetting
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}

/// <summary>The volume, version and image a major upgrade left behind.</summary>
public sealed class RetainedVolume
{
    public required string VolumeName { get; set; }
    public required string Version { get; set; }
    public required string Image { get; set; }
    public DateTimeOffset RetainedAt { get; set; }
}
