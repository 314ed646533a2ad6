using Amazon.Runtime;
using BStore.Api.Hosting;

namespace BStore.Api.Aws;

/// <summary>The SNS calls the API makes (a shopper's email subscription), typed, over the factory's signed and retrying client.</summary>
public sealed class SnsClient(HttpClient http, Uri endpoint)
{
    public static readonly AwsQueryApi Api = new(new AwsService("sns", "sns"), ApiVersion: "2010-03-31");

    private readonly AwsQueryClient _query = new(http, Api, endpoint);

    /// <summary>Subscribes <paramref name="address"/> to <paramref name="topicArn"/> with these subscription attributes; the subscription's ARN.
    /// SNS answers the same subscription (topic, protocol, address, attributes) with the same ARN, so a retry changes nothing.</summary>
    public Task<string> SubscribeAsync(
        string topicArn, string protocol, string address, IReadOnlyList<KeyValuePair<string, string>> attributes, CancellationToken cancellationToken) =>
        _query.CallAsync("Subscribe",
        [
            new("TopicArn", topicArn), new("Protocol", protocol), new("Endpoint", address), new("ReturnSubscriptionArn", "true"),
            .. attributes.SelectMany((attribute, i) => new KeyValuePair<string, string>[]
            {
                new($"Attributes.entry.{i + 1}.key", attribute.Key), new($"Attributes.entry.{i + 1}.value", attribute.Value),
            }),
        ], answer => answer.Text("SubscriptionArn"), cancellationToken);

    public Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken) =>
        _query.CallAsync("Unsubscribe", [new("SubscriptionArn", subscriptionArn)], cancellationToken);
}

public static class SnsServices
{
    private const string HttpClientName = "aws-sns";

    /// <summary>
    /// <see cref="SnsClient"/> from the HttpClient factory (handlers pooled, each client cheap): in AWS signed with the Lambda
    /// environment's credentials, locally with the role the emulator enforces for <paramref name="job"/>.
    /// </summary>
    public static IServiceCollection AddSnsClient(this IServiceCollection services, AwsSettings aws, FunctionJob job)
    {
        var credentials = new Lazy<AWSCredentials>(() => string.IsNullOrWhiteSpace(aws.ServiceUrl)
            ? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials()
            : AwsClients.EmulatorCredentialsFor(aws, job));
        services.AddAwsHttpClient(HttpClientName, SnsClient.Api.Service, () => credentials.Value, Amazon.RegionEndpoint.GetBySystemName(aws.Region));
        // Made on first use, after the settings were validated at start (a bad ServiceUrl is named there, not thrown here).
        var endpoint = new Lazy<Uri>(() => SnsClient.Api.Service.EndpointIn(aws.Region, aws.ServiceUrl));
        services.AddTransient(provider => new SnsClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), endpoint.Value));
        return services;
    }
}
