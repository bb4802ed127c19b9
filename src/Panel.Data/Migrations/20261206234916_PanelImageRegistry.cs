using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class PanelImageRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegistrySettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ExternalAddress = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    ExternalUsername = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ExternalPasswordEncrypted = table.Column<string>(type: "text", nullable: true),
                    PanelAddress = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    PanelPasswordEncrypted = table.Column<string>(type: "text", nullable: true),
                    CaCertificatePem = table.Column<string>(type: "text", nullable: true),
                    CaKeyEncrypted = table.Column<string>(type: "text", nullable: true),
                    TrustedNodeIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    PanelState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PanelError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrySettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegistrySettings");
        }
    }
}
