using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DropIt.Panel.Data;

/// <summary>Lets the EF tools build the model for migrations without starting the panel.</summary>
internal sealed class PanelDbContextFactory : IDesignTimeDbContextFactory<PanelDbContext>
{
    public PanelDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PanelDbContext>().UseNpgsql("Host=localhost;Database=panel").Options);
}
