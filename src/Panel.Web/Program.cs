using DropIt.Panel.Core.Common;
using DropIt.Panel.Data;
using DropIt.Panel.Web.Hosting;

if (PanelCommands.IsCommand(args))
{
    return await PanelCommands.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPanelConfiguration();
    builder.AddPanelLogging();
    builder.AddPanelData();
    builder.Services.AddPanelCore();
    builder.AddPanelWeb();
    await builder.ListenOnProxyNetworkAsync();

    var app = builder.Build();
    app.UsePanelWeb();
    await app.RunAsync();
    return 0;
}
catch (PanelStartupException e)
{
    await Console.Error.WriteLineAsync($"DropIt Panel cannot start: {e.Message}");
    return 2;
}
catch (Exception e) when (RefusedSettings.Of(e) is { Count: > 0 } refused)
{
    await Console.Error.WriteLineAsync($"DropIt Panel cannot start: {string.Join(" ", refused)}");
    return 2;
}

public partial class Program;
