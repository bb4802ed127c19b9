namespace DropIt.Panel.Core.Projects;

public sealed class EnvironmentVariable
{
    public const int KeyMaxLength = 256;

    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public required string Key { get; set; }

    /// <summary>The value, encrypted with <see cref="Secrets.ISecretProtector"/>; never stored in clear.</summary>
    public required string EncryptedValue { get; set; }

    /// <summary>True for a build argument, false for a runtime variable.</summary>
    public bool IsBuildArgument { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
