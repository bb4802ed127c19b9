using DropIt.Panel.Core.Identity;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// At start, after <see cref="BootstrapAdmin"/>: a panel without its admin issues a setup token (file and log);
/// a panel with one deletes a token file an earlier start may have left.
/// </summary>
internal sealed class SetupTokenIssuer(IServiceScopeFactory scopes, SetupToken token) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupService>();
        if (await setup.IsCompleteAsync(cancellationToken))
        {
            token.Retire();
        }
        else
        {
            token.Issue();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
