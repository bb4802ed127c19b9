namespace DropIt.Panel.Core.Settings;

/// <summary>The panel's own settings, edited in the UI; a single row.</summary>
public sealed class PanelSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? PanelDomain { get; set; }
    public string? AcmeContactEmail { get; set; }

    /// <summary>Set once, when the first admin is created; setup is closed from then on.</summary>
    public DateTimeOffset? SetupCompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
