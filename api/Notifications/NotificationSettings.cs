namespace BStore.Api.Notifications;

/// <summary><c>BStore:Notifications</c>: shopper emails.</summary>
public sealed class NotificationSettings
{
    public const string Section = "BStore:Notifications";

    /// <summary>The SNS topic of shopper emails; each shopper's subscription filters on their userId.</summary>
    public string? ShopperEmailsTopicArn { get; set; }

    /// <summary>Local environment only (AWS takes it from stacks/config): one email per shopper per this many seconds.</summary>
    public int EmailWindowSeconds { get; set; } = 60;

    internal IEnumerable<string?> Problems()
    {
        yield return ShopperEmailsTopicArn is { Length: > 0 } arn && !arn.StartsWith("arn:", StringComparison.Ordinal)
            ? "ShopperEmailsTopicArn must be an SNS topic ARN (arn:...) or unset."
            : null;
        // The bounds stacks/config allows (StageConfig).
        yield return EmailWindowSeconds is < 1 or > 240 ? "EmailWindowSeconds must be from 1 to 240." : null;
    }
}
