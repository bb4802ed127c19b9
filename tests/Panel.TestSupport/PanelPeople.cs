using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.TestSupport;

/// <summary>People and tokens of a test panel, made through its own services (as an admin would in the UI).</summary>
public static class PanelPeople
{
    /// <summary>A person with <paramref name="role"/> and the test password.</summary>
    public static Task<PanelUser> CreateUserAsync(this PanelFactory panel, string email, PanelRole role,
        string password = PanelFactory.AdminPassword) =>
        panel.WithScopeAsync(async sp =>
        {
            var user = new PanelUser
            {
                Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow,
                Role = role,
            };
            var created = await sp.GetRequiredService<UserManager<PanelUser>>().CreateAsync(user, password);
            return created.Succeeded ? user : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        });

    /// <summary>
    /// A new API token of the person with <paramref name="email"/> (the admin by default), as Settings → API tokens makes
    /// it; returns the token's text.
    /// </summary>
    public static Task<string> CreateTokenAsync(this PanelFactory panel, string name, Access scope, Guid? projectId = null,
        string email = PanelFactory.AdminEmail) =>
        panel.WithScopeAsync(async sp =>
        {
            var user = await sp.GetRequiredService<UserManager<PanelUser>>().FindByEmailAsync(email)
                ?? throw new InvalidOperationException($"No user {email}.");
            var created = await sp.GetRequiredService<ApiTokenService>()
                .CreateAsync(user.Id, name, null, scope, projectId, new Actor(user.Id, email, null), CancellationToken.None);
            return created.Value?.PlainText ?? throw new InvalidOperationException(created.Error);
        });
}
