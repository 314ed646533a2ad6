namespace BStore.Api.Hosting;

/// <summary>Everything the API needs to know about its deployment, bound from the <c>BStore</c> section.</summary>
public sealed class BStoreOptions
{
    public const string Section = "BStore";

    public AwsSettings Aws { get; set; } = new();
    public TableNameSettings Tables { get; set; } = new();
    public ImageSettings Images { get; set; } = new();
    public CatalogSettings Catalog { get; set; } = new();
    public CognitoSettings Cognito { get; set; } = new();
    public SeedingSettings Seeding { get; set; } = new();
    public NotificationSettings Notifications { get; set; } = new();
    public OrderSettings Orders { get; set; } = new();

    /// <summary>Maps POST /events for Lambda's own events (CloudFormation, Cognito triggers) outside Lambda: local and tests.</summary>
    public bool AcceptLambdaEvents { get; set; }

    /// <summary>The public base URL of this API; when unset it is taken from the request.</summary>
    public string? PublicBaseUrl { get; set; }
}

public sealed class AwsSettings
{
    public string Region { get; set; } = "us-east-1";

    /// <summary>The local AWS emulator's address. Unset in AWS, where the SDK finds the regional endpoints.</summary>
    public string? ServiceUrl { get; set; }
}

public sealed class TableNameSettings
{
    public string Category { get; set; } = Data.Tables.Category.Name;
    public string Products { get; set; } = Data.Tables.Products.Name;
    public string UserActivity { get; set; } = Data.Tables.UserActivity.Name;
}

public sealed class ImageSettings
{
    public string Bucket { get; set; } = "bstore-images";

    /// <summary>Where shoppers fetch images from (CloudFront in AWS). When unset, derived from the emulator address.</summary>
    public string? BaseUrl { get; set; }
}

public sealed class CatalogSettings
{
    /// <summary>Base64 HMAC key that signs pagination cursors; every instance of one deployment must share it.</summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// How long the in-process catalog snapshot answers browsing before it is read again (stock and ratings in
    /// lists are at most this old); 0 turns the snapshot off. Twice this old, it is no longer used at all.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How often the seeder's catalog version is checked, so that a seed is seen within this time.</summary>
    public int StampCheckSeconds { get; set; } = 5;
}

public sealed class CognitoSettings
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? Endpoint { get; set; }
}

public sealed class SeedingSettings
{
    /// <summary>The seed catalog a deploy loads; by default <c>seed-data</c> next to the binary.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Comma-separated hosts a CloudFormation ResponseURL may name besides AWS's own (tests only).</summary>
    public string? AllowedResponseHosts { get; set; }
}

public sealed class NotificationSettings
{
    /// <summary>The SNS topic of shopper emails; each shopper's subscription filters on their userId.</summary>
    public string? ShopperEmailsTopicArn { get; set; }

    /// <summary>Local environment only (AWS takes it from stacks/config): one email per shopper per this many seconds.</summary>
    public int EmailWindowSeconds { get; set; } = 60;
}

/// <summary>Local environment only (AWS takes them from stacks/config): the order workflow's waits after payment.</summary>
public sealed class OrderSettings
{
    public int PackSeconds { get; set; } = 10;
    public int ShipSeconds { get; set; } = 10;
    public int DeliverSeconds { get; set; } = 10;
}
