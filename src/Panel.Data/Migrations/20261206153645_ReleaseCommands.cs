using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReleaseCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Warning",
                table: "Deployments",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Warning",
                table: "Deployments");
        }
    }
}
