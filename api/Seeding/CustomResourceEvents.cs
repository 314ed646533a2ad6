using System.Text.Json.Serialization;

namespace BStore.Api.Seeding;

/// <summary>A CloudFormation custom resource request, as the Lambda Web Adapter passes it on (field names as CloudFormation spells them).</summary>
public sealed record CustomResourceRequest(
    string? RequestType,
    [property: JsonPropertyName("ResponseURL")] string? ResponseUrl,
    string? StackId,
    string? RequestId,
    string? LogicalResourceId,
    string? PhysicalResourceId,
    string? ResourceType,
    CatalogSeedProperties? ResourceProperties)
{
    public const string ResourceTypeName = "Custom::CatalogSeed";
    public static readonly string[] RequestTypes = ["Create", "Update", "Delete"];

    // CloudFormation's identifiers are ARNs, GUIDs and logical ids; anything longer is not from it
    // and would not fit the 4 KB response either.
    private const int MaxIdLength = 1024;

    /// <summary>What is wrong with the request, by field; empty when it is a catalog seed request CloudFormation could have sent.</summary>
    public Dictionary<string, string[]> Validate(IReadOnlyCollection<string> allowedResponseHosts, string region)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (RequestType is null || !RequestTypes.Contains(RequestType, StringComparer.Ordinal))
        {
            errors["RequestType"] = ["RequestType must be Create, Update or Delete."];
        }
        if (string.IsNullOrEmpty(ResponseUrl))
        {
            errors["ResponseURL"] = ["ResponseURL is required: CloudFormation waits for the answer there."];
        }
        else if (!IsAllowedResponseUrl(ResponseUrl, allowedResponseHosts, region))
        {
            errors["ResponseURL"] = [$"ResponseURL must be an https URL of CloudFormation's response bucket in {region} (its presigned S3 URL)."];
        }
        RequireId("StackId", StackId, errors);
        RequireId("RequestId", RequestId, errors);
        RequireId("LogicalResourceId", LogicalResourceId, errors);
        if (PhysicalResourceId is { Length: > MaxIdLength })
        {
            errors["PhysicalResourceId"] = [$"PhysicalResourceId must be at most {MaxIdLength} characters."];
        }
        if (ResourceType != ResourceTypeName)
        {
            errors["ResourceType"] = [$"ResourceType must be {ResourceTypeName}; this function seeds nothing else."];
        }
        return errors;
    }

    /// <summary>
    /// True for an absolute https URL on AWS's default port whose host is CloudFormation's custom resource response bucket
    /// of this region, in one of the forms S3 answers to (cloudformation-custom-resource-response-useast1.s3.amazonaws.com,
    /// …-euwest1.s3-eu-west-1.amazonaws.com, …-euwest1.s3.eu-west-1.amazonaws.com), or any URL on a host the configuration
    /// allows (tests). Anything else could make this function send a request wherever an event says.
    /// </summary>
    public static bool IsAllowedResponseUrl(string url, IReadOnlyCollection<string> allowedHosts, string region)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }
        if (allowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        return uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && uri.HostNameType == UriHostNameType.Dns &&
            ResponseHosts(region).Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The host names of CloudFormation's response bucket in <paramref name="region"/>.</summary>
    public static IEnumerable<string> ResponseHosts(string region)
    {
        var bucket = $"cloudformation-custom-resource-response-{region.Replace("-", "", StringComparison.Ordinal)}";
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return [$"{bucket}.s3.{suffix}", $"{bucket}.s3-{region}.{suffix}", $"{bucket}.s3.{region}.{suffix}"];
    }

    private static void RequireId(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength || value.Any(char.IsControl))
        {
            errors[field] = [$"{field} is required: text of at most {MaxIdLength} characters."];
        }
    }
}

/// <summary>The custom resource's properties; SeedHash changes with seed-data/ so that a changed catalog triggers an Update.</summary>
public sealed record CatalogSeedProperties(string? SeedHash);

/// <summary>What CloudFormation expects at ResponseURL.</summary>
public sealed record CustomResourceResponse(
    string Status,
    string Reason,
    string PhysicalResourceId,
    string StackId,
    string RequestId,
    string LogicalResourceId,
    bool NoEcho,
    CatalogSeedData Data)
{
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
}

/// <summary>Readable with Fn::GetAtt: the catalog's size and how many writes this deploy made.</summary>
public sealed record CatalogSeedData(int Categories, int Products, int Writes);

/// <summary>The part of the Lambda Web Adapter's x-amzn-lambda-context header that matters here.</summary>
public sealed record LambdaContextHeader([property: JsonPropertyName("deadline")] long? Deadline);

// CloudFormation's field names are PascalCase, so these types keep the default (non-Web) naming.
[JsonSerializable(typeof(CustomResourceRequest))]
[JsonSerializable(typeof(CustomResourceResponse))]
[JsonSerializable(typeof(LambdaContextHeader))]
public sealed partial class CloudFormationJsonContext : JsonSerializerContext;
