using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class EngineNamesTests
{
    [Fact]
    public void ServiceName_IsReadableAndEndsWithTheRandomPartOfTheId()
    {
        var id = Guid.Parse("01a2121f-4a6b-7222-99bf-6543fba60f8e");
        Assert.Equal("dropit-app-api-fba60f8e", EngineNames.ServiceName("DropIt App", "api", id));
    }

    [Fact]
    public void ServiceName_OfTwoDeploymentsCreatedTogether_Differ()
    {
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();
        Assert.NotEqual(EngineNames.ServiceName("p", "api", first), EngineNames.ServiceName("p", "api", second));
    }

    [Fact]
    public void ServiceName_OfLongOrOddNames_IsAValidDnsLabel()
    {
        var name = EngineNames.ServiceName(new string('x', 70) + " ünïcode!", "--api--", Guid.NewGuid());
        Assert.InRange(name.Length, 1, 63);
        Assert.Matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", name);
    }

    [Fact]
    public void ImageTag_IsPerDeploymentUnderTheServiceRepository()
    {
        var service = Guid.NewGuid();
        var tag = EngineNames.ImageTag(service, Guid.NewGuid());
        Assert.StartsWith(EngineNames.ImageRepository(service) + ":d-", tag);
        Assert.Equal(tag.ToLowerInvariant(), tag);
    }
}
