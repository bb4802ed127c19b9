namespace DropIt.Panel.Web.Components;

public static class ScopeExtensions
{
    /// <summary>
    /// Runs one operation of an interactive page in a scope of its own, so each gets a fresh DbContext
    /// (a circuit lives for hours; a DbContext should not).
    /// </summary>
    public static async Task<TResult> RunAsync<TService, TResult>(this IServiceScopeFactory scopes, Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
