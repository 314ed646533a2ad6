using System.Net.Http.Json;
using System.Text.Json;
using Amazon;
using BStore.Api.Aws;
using BStore.Api.Hosting;
using BStore.LocalAws;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>An email SNS delivered to an email subscription in the emulator, after the subscription's filter policy.</summary>
public sealed record SentEmail(string To, string Subject, string Message, string? UserIdAttribute);

/// <summary>A shopper-emails subscription as SNS lists it.</summary>
public sealed record EmailSubscription(string Arn, string Address, string? FilterPolicy);

/// <summary>
/// What the emulator's SNS holds and delivered: subscriptions of the shopper-emails topic (SNS's own API) and the
/// emails sent (the launcher's outbox at /bstore-emulator/emails, apphost/emulator/moto_launcher.py).
/// </summary>
public sealed class EmulatorEmails(Uri emulator) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SetUpClients? _aws;
    private AwsQueryClient? _sns;

    private AwsQueryClient Sns => _sns ??= (_aws = new(emulator, AwsClients.EmulatorCredentials, RegionEndpoint.USEast1)).Query(SnsClient.Api);

    public async Task<IReadOnlyList<SentEmail>> SentToAsync(string address)
    {
        var outbox = await _http.GetFromJsonAsync<JsonElement>(new Uri(emulator, "/bstore-emulator/emails"));
        return [.. outbox.GetProperty("emails").EnumerateArray()
            .Where(e => e.GetProperty("to").GetString() == address)
            .Select(e => new SentEmail(
                e.GetProperty("to").GetString()!,
                e.GetProperty("subject").GetString()!,
                e.GetProperty("message").GetString()!,
                e.GetProperty("messageAttributes").TryGetProperty("userId", out var userId) ? userId.GetProperty("Value").GetString() : null))];
    }

    /// <summary>Waits until <paramref name="count"/> emails went to <paramref name="address"/>, then returns them all.</summary>
    public async Task<IReadOnlyList<SentEmail>> WaitForAsync(string address, int count, TimeSpan? timeout = null)
    {
        // Generous: every other test's changes start workflow executions too, and the emulator runs them one call at a time.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(BStoreFixture.EmailWindowSeconds + 60));
        while (true)
        {
            var sent = await SentToAsync(address);
            if (sent.Count >= count || DateTime.UtcNow > deadline)
            {
                return sent;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Long enough for an activity workflow that started now to have sent its email: only to show that none was sent
    /// (an execution that ends without writing anything, as with emails off, leaves nothing else to wait on).
    /// </summary>
    public static Task OneWindowAsync() => Task.Delay(TimeSpan.FromSeconds(BStoreFixture.EmailWindowSeconds + 3));

    public async Task<IReadOnlyList<EmailSubscription>> SubscriptionsOfAsync(string address)
    {
        var sns = Sns;
        var topicArn = (await sns.CallAsync("ListTopics", [], answer => answer.Members("Topics").Select(topic => topic.Text("TopicArn")).ToList(),
            CancellationToken.None)).Single(arn => arn.EndsWith(":" + LocalResources.LocalTopicName, StringComparison.Ordinal));
        var arns = new List<string>();
        string? nextToken = null;
        do
        {
            // SNS lists 100 subscriptions a page.
            (var page, nextToken) = await sns.CallAsync("ListSubscriptionsByTopic",
                [new("TopicArn", topicArn), .. nextToken is null ? [] : new KeyValuePair<string, string>[] { new("NextToken", nextToken) }],
                answer => (answer.Members("Subscriptions").Where(s => s.OptionalText("Endpoint") == address).Select(s => s.Text("SubscriptionArn")).ToList(),
                    answer.OptionalText("NextToken") is { Length: > 0 } token ? token : null),
                CancellationToken.None);
            arns.AddRange(page);
        }
        while (nextToken is not null);
        var subscriptions = new List<EmailSubscription>();
        foreach (var arn in arns)
        {
            var attributes = await sns.CallAsync("GetSubscriptionAttributes", [new("SubscriptionArn", arn)], answer => answer.Map("Attributes"), CancellationToken.None);
            subscriptions.Add(new EmailSubscription(arn, address, attributes.GetValueOrDefault("FilterPolicy")));
        }
        return subscriptions;
    }

    public void Dispose()
    {
        _http.Dispose();
        _aws?.Dispose();
    }
}
