namespace BStore.Api.Data;

/// <summary><c>BStore:Tables</c>: the deployment's table names (CloudFormation makes them up in AWS; locally the template's).</summary>
public sealed class TableNameSettings
{
    public const string Section = "BStore:Tables";

    public string Category { get; set; } = Tables.Category.Name;
    public string Products { get; set; } = Tables.Products.Name;
    public string UserActivity { get; set; } = Tables.UserActivity.Name;

    internal IEnumerable<string?> Problems() =>
        new[] { (nameof(Category), Category), (nameof(Products), Products), (nameof(UserActivity), UserActivity) }
            .Select(table => IsTableName(table.Item2) ? null : $"{table.Item1} must be a DynamoDB table name: 3 to 255 letters, digits, '_', '-' or '.'.");

    private static bool IsTableName(string? name) =>
        name is { Length: >= 3 and <= 255 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
