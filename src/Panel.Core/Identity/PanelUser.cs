using Microsoft.AspNetCore.Identity;

namespace DropIt.Panel.Core.Identity;

public sealed class PanelUser : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}
