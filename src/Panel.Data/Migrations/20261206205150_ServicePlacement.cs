using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DropIt.Panel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServicePlacement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
