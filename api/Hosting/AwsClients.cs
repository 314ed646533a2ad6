using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;

namespace BStore.Api.Hosting;

public static class AwsClients
{
    // The emulator does not check signatures; fixed credentials spare developers an AWS profile.
    public static readonly BasicAWSCredentials EmulatorCredentials = new("bstore-local", "bstore-local");

    public static IServiceCollection AddAwsClients(this IServiceCollection services, AwsSettings aws)
    {
        services.AddSingleton<IAmazonDynamoDB>(_ => CreateDynamoDb(aws));
        services.AddSingleton<IAmazonS3>(_ => CreateS3(aws));
        return services;
    }

    public static AmazonDynamoDBClient CreateDynamoDb(AwsSettings aws)
    {
        var config = new AmazonDynamoDBConfig { Timeout = TimeSpan.FromSeconds(5), MaxErrorRetry = 2 };
        return IsEmulator(aws, config)
            ? new AmazonDynamoDBClient(EmulatorCredentials, config)
            : new AmazonDynamoDBClient(config);
    }

    public static AmazonS3Client CreateS3(AwsSettings aws)
    {
        var config = new AmazonS3Config { Timeout = TimeSpan.FromSeconds(10), MaxErrorRetry = 2 };
        if (!IsEmulator(aws, config))
        {
            return new AmazonS3Client(config);
        }
        config.ForcePathStyle = true;
        return new AmazonS3Client(EmulatorCredentials, config);
    }

    private static bool IsEmulator(AwsSettings aws, ClientConfig config)
    {
        if (string.IsNullOrWhiteSpace(aws.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region);
            return false;
        }
        config.ServiceURL = aws.ServiceUrl;
        config.AuthenticationRegion = aws.Region;
        return true;
    }
}
