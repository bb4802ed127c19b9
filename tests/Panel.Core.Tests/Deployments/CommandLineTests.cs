using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Deployments;

public class CommandLineTests
{
    [Theory]
    [InlineData("pnpm migration:run", new[] { "pnpm", "migration:run" })]
    [InlineData("  node dist/report.js   --since '1 day' ", new[] { "node", "dist/report.js", "--since", "1 day" })]
    [InlineData("/app/cleanup --dry-run=false", new[] { "/app/cleanup", "--dry-run=false" })]
    [InlineData("echo \"hello world\"", new[] { "echo", "hello world" })]
    [InlineData("psql -c 'select $1'", new[] { "psql", "-c", "select $1" })]
    public void Argv_PlainCommandLine_RunsDirectlyWithItsWords(string command, string[] expected) =>
        Assert.Equal(expected, CommandLine.Argv(command));

    [Theory]
    [InlineData("npm run migrate && npm run seed")]
    [InlineData("echo $HOME")]
    [InlineData("echo \"$HOME\"")]
    [InlineData("ls *.sql")]
    [InlineData("cat a | wc -l")]
    [InlineData("echo hi > /tmp/x")]
    [InlineData("FOO=1 node x.js")]
    [InlineData("echo 'unclosed")]
    [InlineData("line1\nline2")]
    [InlineData("echo a\\ b")]
    public void Argv_ShellSyntax_RunsWithBinSh(string command) =>
        Assert.Equal(["/bin/sh", "-c", command], CommandLine.Argv(command));

    [Fact]
    public void StartHint_NamesWhatTheImageLacks() =>
        Assert.Equal(
            ("Check that the image has node on its PATH.", true),
            (CommandLine.StartHint(CommandLine.Argv("node x.js")), CommandLine.StartHint(CommandLine.Argv("a && b")).Contains("/bin/sh")));
}
