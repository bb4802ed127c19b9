using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class ReplicaNameTests
{
    [Fact]
    public void ApplicationContainer_IsNamedAfterTheServiceAndItsSlot()
    {
        var labels = new Dictionary<string, string> { [ServiceContainers.TaskNameLabel] = "shop-api-1a2b3c4d.2.k3j4h5g6" };

        Assert.Equal("api.2", ServiceContainers.ReplicaName("api", labels, null, withDeployment: false));
    }

    [Fact]
    public void StackContainer_IsNamedAfterItsComposeService_NotTheStack()
    {
        var labels = new Dictionary<string, string>
        {
            [ServiceContainers.TaskNameLabel] = "shop-backend_postgres.1.k3j4h5g6",
            ["com.docker.stack.namespace"] = "shop-backend",
            ["com.docker.swarm.service.name"] = "shop-backend_postgres",
        };

        Assert.Equal("postgres.1", ServiceContainers.ReplicaName("backend", labels, null, withDeployment: false));
    }
}
