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

/// <summary>The lower-case names the API and the pages use for access levels and roles.</summary>
public static class AccessNames
{
    public static string Of(Access access) => access switch
    {
        Access.Read => "read",
        Access.Deploy => "deploy",
        Access.Admin => "admin",
        _ => "none",
    };

    public static string Of(PanelRole role) => role switch
    {
        PanelRole.Viewer => "viewer",
        PanelRole.Deployer => "deployer",
        PanelRole.Admin => "admin",
        _ => "none",
    };

    public static Access? ParseAccess(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "read" => Access.Read,
        "deploy" => Access.Deploy,
        "admin" => Access.Admin,
        _ => null,
    };

    public static PanelRole? ParseRole(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "viewer" => PanelRole.Viewer,
        "deployer" => PanelRole.Deployer,
        "admin" => PanelRole.Admin,
        _ => null,
    };
}
