using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Databases;

public sealed class DatabaseReferenceTests
{
    [Fact]
    public void Resolve_ReferenceToAnotherProjectsDatabase_IsRefusedSayingItCannotBeReached()
    {
        (Service, string)? None(string name) => null;
        string? Elsewhere(string name) => name == "orders" ? "billing" : null;

        var (value, error) = DatabaseUrls.Resolve("DATABASE_URL", "${{ orders.url }}", None, Elsewhere);

        Assert.Equal("${{ orders.url }}", value);
        Assert.Contains("${{ orders.url }}, a database of the project \"billing\"", error);
        Assert.Contains("reaches only the databases of its own project", error);
        Assert.Contains("no database named \"cache\"", DatabaseUrls.Resolve("REDIS_URL", "${{ cache.url }}", None, Elsewhere).Error);
    }
}
