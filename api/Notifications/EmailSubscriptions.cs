using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BStore.Api.Aws;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Notifications;

/// <summary>Whether a shopper gets activity emails, and at which address.</summary>
public sealed record EmailPreferences(string? Address, bool Enabled);

/// <summary>
/// A shopper's activity emails: an SNS email subscription to the shopper-emails topic whose filter policy admits only
/// messages carrying their own userId, and the PROFILE item that records address, choice and subscription. The
/// activity workflow reads the choice before it writes an email, so turning emails off holds even while SNS is
/// unreachable; the subscription is removed as well, so the address leaves the topic.
/// </summary>
public sealed class EmailSubscriptions(
    IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> tables, IOptions<NotificationSettings> options, Func<SnsClient> sns,
    ILogger<EmailSubscriptions> logger)
{
    public const int MaxAddressLength = 254;

    private string Table => tables.Value.UserActivity;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ShopperEmailsTopicArn);

    public async Task<EmailPreferences> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        var profile = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = UserActivityItems.Key(userId, UserActivityKeys.Profile),
            ProjectionExpression = "email, emailNotifications",
            ConsistentRead = true,
        }, cancellationToken);
        var item = profile.Item ?? [];
        return new EmailPreferences(item.GetValueOrDefault("email")?.S, item.GetValueOrDefault("emailNotifications")?.BOOL == true);
    }

    /// <summary>Subscribes <paramref name="address"/> to the shopper's own emails and records it; repeating it changes nothing.</summary>
    public async Task<EmailPreferences> SubscribeAsync(string userId, string address, CancellationToken cancellationToken)
    {
        // SNS answers the same subscription (topic, protocol, address, attributes) with the same ARN.
        var subscriptionArn = await sns().SubscribeAsync(options.Value.ShopperEmailsTopicArn!, "email", address,
            [new("FilterPolicy", FilterPolicy(userId)), new("FilterPolicyScope", "MessageAttributes")], cancellationToken);
        await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = UserActivityItems.Key(userId, UserActivityKeys.Profile),
            UpdateExpression = "SET email = :email, emailNotifications = :on, emailSubscriptionArn = :arn",
            ExpressionAttributeValues = new()
            {
                [":email"] = new() { S = address },
                [":on"] = new() { BOOL = true },
                [":arn"] = new() { S = subscriptionArn },
            },
        }, cancellationToken);
        return new EmailPreferences(address, Enabled: true);
    }

    public async Task<EmailPreferences> TurnOffAsync(string userId, CancellationToken cancellationToken)
    {
        var before = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = UserActivityItems.Key(userId, UserActivityKeys.Profile),
            UpdateExpression = "SET emailNotifications = :off REMOVE emailSubscriptionArn",
            ExpressionAttributeValues = new() { [":off"] = new() { BOOL = false } },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        var attributes = before.Attributes ?? [];
        if (attributes.GetValueOrDefault("emailSubscriptionArn")?.S is { } subscriptionArn)
        {
            try
            {
                await sns().UnsubscribeAsync(subscriptionArn, cancellationToken);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TimeoutException or TaskCanceledException)
            {
                // The choice is recorded and the workflow honours it; a subscription still pending confirmation cannot
                // be removed and lapses by itself after three days.
                logger.LogWarning("Emails are off for a shopper, but SNS did not remove the subscription: {Error}", e.Message);
            }
        }
        return new EmailPreferences(attributes.GetValueOrDefault("email")?.S, Enabled: false);
    }

    /// <summary>SNS filter policy that admits only messages whose userId attribute is this shopper's.</summary>
    public static string FilterPolicy(string userId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("userId");
            json.WriteStringValue(userId);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Plausible email addresses only: Cognito verified it; this guards the trigger's input all the same.</summary>
    public static bool IsPlausibleAddress(string? address) =>
        address is { Length: > 2 and <= MaxAddressLength } &&
        address.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1 &&
        !address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
