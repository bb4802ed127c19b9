using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccessAndNetworks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "Users",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Admin");

            migrationBuilder.AddColumn<bool>(
                name: "EncryptNetworks",
                table: "PanelSettings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "ProjectId",
                table: "ApiTokens",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "ApiTokens",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Admin");

            migrationBuilder.CreateTable(
                name: "UserInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    InvitedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserInvitations_Users_InvitedBy",
                        column: x => x.InvitedBy,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "PanelSettings",
                keyColumn: "Id",
                keyValue: 1,
                column: "EncryptNetworks",
                value: false);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_ProjectId",
                table: "ApiTokens",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_UserInvitations_Hash",
                table: "UserInvitations",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserInvitations_InvitedBy",
                table: "UserInvitations",
                column: "InvitedBy");

            migrationBuilder.AddForeignKey(
                name: "FK_ApiTokens_Projects_ProjectId",
                table: "ApiTokens",
                column: "ProjectId",
                principalTable: "Projects",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApiTokens_Projects_ProjectId",
                table: "ApiTokens");

            migrationBuilder.DropTable(
                name: "UserInvitations");

            migrationBuilder.DropIndex(
                name: "IX_ApiTokens_ProjectId",
                table: "ApiTokens");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "EncryptNetworks",
                table: "PanelSettings");

            migrationBuilder.DropColumn(
                name: "ProjectId",
                table: "ApiTokens");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "ApiTokens");
        }
    }
}
