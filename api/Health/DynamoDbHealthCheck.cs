using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BStore.Api.Health;

/// <summary>Ready when a data-plane read of the catalog reaches DynamoDB (a missing item is fine; a missing table is not).</summary>
public sealed class DynamoDbHealthCheck(IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, ILogger<DynamoDbHealthCheck> logger)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = options.Value.Category,
                Key = new() { [Data.Tables.Category.PartitionKey.Name] = new() { S = "health-check" } },
            }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is AmazonDynamoDBException or Amazon.Runtime.AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "DynamoDB is not reachable");
            return HealthCheckResult.Unhealthy("DynamoDB is not reachable.");
        }
    }
}
