using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AcmeAccountKeyEncrypted",
                table: "PanelSettings",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcmeAccountUrl",
                table: "PanelSettings",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcmeDirectoryUrl",
                table: "PanelSettings",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "AcmeEabHmacKeyEncrypted",
                table: "PanelSettings",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcmeEabKeyId",
                table: "PanelSettings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DashboardDomain",
                table: "PanelSettings",
                type: "character varying(253)",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DashboardUsers",
                table: "PanelSettings",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "WwwRedirect",
                table: "Domains",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "None",
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BasicAuthUsers",
                table: "Domains",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AcmeChallenges",
                columns: table => new
                {
                    Token = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    KeyAuthorization = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcmeChallenges", x => x.Token);
                });

            migrationBuilder.UpdateData(
                table: "PanelSettings",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "AcmeAccountKeyEncrypted", "AcmeAccountUrl", "AcmeDirectoryUrl", "AcmeEabHmacKeyEncrypted", "AcmeEabKeyId", "DashboardDomain" },
                values: new object[] { null, null, "https://acme-v02.api.letsencrypt.org/directory", null, null, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AcmeChallenges");

            migrationBuilder.DropColumn(
                name: "AcmeAccountKeyEncrypted",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "AcmeAccountUrl",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "AcmeDirectoryUrl",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "AcmeEabHmacKeyEncrypted",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "AcmeEabKeyId",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "DashboardDomain",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "DashboardUsers",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "BasicAuthUsers",
                table: "Domains");

            migrationBuilder.AlterColumn<string>(
                name: "WwwRedirect",
                table: "Domains",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);
        }
    }
}
