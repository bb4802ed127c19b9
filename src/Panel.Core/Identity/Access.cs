namespace DropIt.Panel.Core.Identity;

/// <summary>What a request may do; each level includes the ones below it.</summary>
public enum Access
{
    /// <summary>Read everything except secrets.</summary>
    Read = 1,

    /// <summary>Also deploy, roll back, restart, cancel and upload releases.</summary>
    Deploy = 2,

    /// <summary>Everything: settings, secrets, users, tokens, deletion.</summary>
    Admin = 3,
}

/// <summary>A person's role; an API token's scope is an <see cref="Access"/> level capped by its owner's role.</summary>
public enum PanelRole
{
    Viewer = 1,
    Deployer = 2,
    Admin = 3,
}

public static class AccessLevels
{
    public static Access Of(PanelRole role) => (Access)(int)role;

    /// <summary>What a token may do: its scope, never more than its owner's role allows today.</summary>
    public static Access Effective(Access scope, PanelRole ownerRole) =>
        (Access)Math.Min((int)scope, (int)Of(ownerRole));
}
