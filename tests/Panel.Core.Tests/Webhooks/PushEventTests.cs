using System.Text;
using DropIt.Panel.Core.Webhooks;

namespace DropIt.Panel.Core.Tests.Webhooks;

public sealed class PushEventTests
{
    private const string Sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    private static WebhookRequest Request(string eventHeader, string eventName, string json) =>
        new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [eventHeader] = eventName }, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_GitHubPush_ReadsBranchCommitAndMessage()
    {
        var json = $$$"""
            {"ref":"refs/heads/main","before":"0000","after":"{{{Sha}}}",
             "commits":[{"id":"1111","message":"older"},{"id":"{{{Sha}}}","message":"Fix login\n\nLong body"}],
             "head_commit":{"id":"{{{Sha}}}","message":"Fix login\n\nLong body"}}
            """;

        var info = PushEvent.Parse(Request("X-GitHub-Event", "push", json));

        Assert.Equal(new PushEventInfo("push", "main", Sha, "Fix login"), info);
        Assert.True(info!.IsPush);
    }

    [Fact]
    public void Parse_GitLabPush_UsesCheckoutShaAndLastCommitMessage()
    {
        var json = $$$"""
            {"object_kind":"push","ref":"refs/heads/feature/login","before":"0000","after":"{{{Sha}}}","checkout_sha":"{{{Sha}}}",
             "commits":[{"id":"2222","message":"First step\n"},{"id":"{{{Sha}}}","message":"Second step\r\nDetails"}]}
            """;

        var info = PushEvent.Parse(Request("X-Gitlab-Event", "Push Hook", json));

        Assert.Equal(new PushEventInfo("Push Hook", "feature/login", Sha, "Second step"), info);
        Assert.True(info!.IsPush);
    }

    [Fact]
    public void Parse_GiteaPush_ReadsBranchCommitAndMessage()
    {
        var json = $$$"""
            {"ref":"refs/heads/develop","before":"0000","after":"{{{Sha}}}","compare_url":"",
             "commits":[{"id":"{{{Sha}}}","message":"Bump version\n"}],
             "head_commit":{"id":"{{{Sha}}}","message":"Bump version\n"}}
            """;

        var info = PushEvent.Parse(Request("X-Gitea-Event", "push", json));

        Assert.Equal(new PushEventInfo("push", "develop", Sha, "Bump version"), info);
    }

    [Fact]
    public void Parse_TagPush_HasNoBranch()
    {
        var json = $$$"""{"ref":"refs/tags/v1.2.0","after":"{{{Sha}}}","head_commit":{"message":"Release"}}""";

        var info = PushEvent.Parse(Request("X-GitHub-Event", "push", json));

        Assert.NotNull(info);
        Assert.Null(info.Branch);
        Assert.Equal(Sha, info.Commit);
    }

    [Fact]
    public void Parse_DeletedBranch_HasNoCommit()
    {
        var json = """{"ref":"refs/heads/old","after":"0000000000000000000000000000000000000000","checkout_sha":null,"commits":[]}""";

        var info = PushEvent.Parse(Request("X-Gitlab-Event", "Push Hook", json));

        Assert.Equal(new PushEventInfo("Push Hook", "old", null, null), info);
    }

    [Fact]
    public void Parse_GitHubPing_IsNotAPush()
    {
        var json = """{"zen":"Keep it logically awesome.","hook_id":1,"hook":{"type":"Repository"}}""";

        var info = PushEvent.Parse(Request("X-GitHub-Event", "ping", json));

        Assert.Equal(new PushEventInfo("ping", null, null, null), info);
        Assert.False(info!.IsPush);
        Assert.True(PushEvent.IsPing(info.EventName));
    }

    [Fact]
    public void Parse_LongMessage_IsCutTo200Characters()
    {
        var message = new string('a', 250);
        var json = $$$"""{"ref":"refs/heads/main","after":"{{{Sha}}}","head_commit":{"message":"{{{message}}}\nbody"}}""";

        var info = PushEvent.Parse(Request("X-GitHub-Event", "push", json));

        Assert.Equal(new string('a', 200), info!.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"ref\":")]
    [InlineData("[1,2]")]
    public void Parse_BodyNotAJsonObject_ReturnsNull(string body)
    {
        Assert.Null(PushEvent.Parse(Request("X-GitHub-Event", "push", body)));
    }

    [Theory]
    [InlineData("push", true)]
    [InlineData("Push Hook", true)]
    [InlineData("Tag Push Hook", false)]
    [InlineData("ping", false)]
    [InlineData("pull_request", false)]
    [InlineData(null, false)]
    public void IsPush_EventName_RecognisesPushesOfEveryHost(string? eventName, bool expected)
    {
        Assert.Equal(expected, PushEvent.IsPush(eventName));
    }
}
