namespace DropIt.Panel.Core.Common;

/// <summary>Who makes a change: recorded in the audit trail.</summary>
public sealed record Actor(Guid? UserId, string Name, string? IpAddress)
{
    public static Actor System { get; } = new(null, "system", null);
}
