using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComposeStacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Compose",
                table: "Services",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ComposeService",
                table: "Domains",
                type: "character varying(63)",
                maxLength: 63,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoutedComposeServices",
                table: "Deployments",
                type: "character varying(4096)",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StackFile",
                table: "Deployments",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Compose",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "ComposeService",
                table: "Domains");

            migrationBuilder.DropColumn(
                name: "RoutedComposeServices",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "StackFile",
                table: "Deployments");
        }
    }
}
