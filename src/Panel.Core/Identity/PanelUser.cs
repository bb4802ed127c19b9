using Microsoft.AspNetCore.Identity;

namespace DropIt.Panel.Core.Identity;

public sealed class PanelUser : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What this person may do; the first user and the bootstrap admin are admins.</summary>
    public PanelRole Role { get; set; } = PanelRole.Admin;
}
