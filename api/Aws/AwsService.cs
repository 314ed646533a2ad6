namespace BStore.Api.Aws;

/// <summary>An AWS service called without an SDK package (none is served for it): the name it signs with and its endpoint's host prefix.</summary>
public sealed record AwsService(string SigningName, string EndpointPrefix)
{
    /// <summary>The regional endpoint in AWS, or the emulator's address when <paramref name="serviceUrl"/> is set.</summary>
    public Uri EndpointIn(string region, string? serviceUrl) =>
        string.IsNullOrWhiteSpace(serviceUrl) ? new Uri($"https://{EndpointPrefix}.{region}.amazonaws.com/") : new Uri(serviceUrl.TrimEnd('/') + "/");
}

/// <summary>A service of the form-encoded Query protocol (SNS, IAM, STS), with the API version its requests name.</summary>
public sealed record AwsQueryApi(AwsService Service, string ApiVersion);
