using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

/// <summary>Which Engine API version the client names, and where (decision 054); against the real engine: EngineApiVersionTests.</summary>
public sealed class ApiVersionNegotiationTests
{
    [Theory]
    [InlineData("1.41", "1.41")] // Docker 20.10
    [InlineData("1.45", "1.45")] // Docker 26
    [InlineData("1.52", "1.52")] // Docker 29
    [InlineData("1.60", "1.52")] // an engine newer than the client
    public void Choose_EngineVersion_IsTheSmallerOfEngineAndClient(string engine, string expected) =>
        Assert.Equal(Version.Parse(expected), ApiVersionNegotiation.Choose(Version.Parse(engine), DockerEngine.ClientApiVersion));

    [Fact]
    public void Versioned_PathAndEscapedQuery_ArePrefixedAndKept()
    {
        var uri = new Uri("http://docker.sock/containers/json?all=1&filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D");

        var versioned = ApiVersionNegotiation.Versioned(uri, new Version(1, 41));

        Assert.Equal("http://docker.sock/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D",
            versioned.AbsoluteUri);
    }
}
