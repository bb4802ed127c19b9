using DropIt.Panel.Data;
using DropIt.Panel.StackFloor.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

// One level of the panel's stack, named by the first argument: "blazor" (an empty Blazor Server page at /),
// "mudblazor" (a MudBlazor layout and table), "efcore" (the same table filled by EF Core from the panel's model;
// the connection string in STACKFLOOR_CONNECTION, on a database the panel's migrations already created).
var level = args.FirstOrDefault() ?? "blazor";
var builder = WebApplication.CreateBuilder(args.Skip(1).ToArray());
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddSingleton(new FloorLevel(level));
if (level is "mudblazor" or "efcore")
{
    builder.Services.AddMudServices();
}

if (level == "efcore")
{
    var connectionString = Environment.GetEnvironmentVariable("STACKFLOOR_CONNECTION")
        ?? throw new InvalidOperationException("STACKFLOOR_CONNECTION is not set.");
    builder.Services.AddDbContext<PanelDbContext>(o => o.UseNpgsql(connectionString));
}

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();

/// <summary>The level of the stack this process runs.</summary>
internal sealed record FloorLevel(string Name);
