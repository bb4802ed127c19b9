using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class EnvironmentVariableConfiguration : IEntityTypeConfiguration<EnvironmentVariable>
{
    public void Configure(EntityTypeBuilder<EnvironmentVariable> builder)
    {
        builder.Property(v => v.Key).HasMaxLength(EnvironmentVariable.KeyMaxLength);
        builder.HasIndex(v => new { v.ServiceId, v.IsBuildArgument, v.Key }).IsUnique();
    }
}
