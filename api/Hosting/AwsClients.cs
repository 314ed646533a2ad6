using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;

namespace BStore.Api.Hosting;

public static class AwsClients
{
    // Set-up credentials: the emulator checks neither their signatures nor any policy for them (moto_launcher.py item 9);
    // fixed credentials spare developers an AWS profile.
    public static readonly BasicAWSCredentials EmulatorCredentials = new("bstore-local", "bstore-local");

    /// <summary>The credentials for the emulator: the role of the function doing <paramref name="job"/>, when the local settings give
    /// them (the local API and seeding processes), whose policies the emulator enforces; otherwise the set-up credentials
    /// (the seed step, tools, tests).</summary>
    public static AWSCredentials EmulatorCredentialsFor(AwsSettings aws, FunctionJob? job) =>
        job is { } function && aws.Roles.TryGetValue(function.ToString(), out var role)
            && role is { AccessKeyId: { Length: > 0 } id, SecretAccessKey: { Length: > 0 } secret, SessionToken: { Length: > 0 } token }
            ? new SessionAWSCredentials(id, secret, token)
            : EmulatorCredentials;

    public static IServiceCollection AddAwsClients(this IServiceCollection services, AwsSettings aws, FunctionJob job)
    {
        services.AddSingleton<IAmazonDynamoDB>(_ => CreateDynamoDb(aws, job));
        services.AddSingleton<IAmazonS3>(_ => CreateS3(aws, job));
        return services;
    }

    public static AmazonDynamoDBClient CreateDynamoDb(AwsSettings aws, FunctionJob? job = null)
    {
        var config = new AmazonDynamoDBConfig { Timeout = TimeSpan.FromSeconds(5), MaxErrorRetry = 2 };
        return IsEmulator(aws, config)
            ? new AmazonDynamoDBClient(EmulatorCredentialsFor(aws, job), config)
            : new AmazonDynamoDBClient(config);
    }

    public static AmazonS3Client CreateS3(AwsSettings aws, FunctionJob? job = null)
    {
        var config = new AmazonS3Config { Timeout = TimeSpan.FromSeconds(10), MaxErrorRetry = 2 };
        if (!IsEmulator(aws, config))
        {
            return new AmazonS3Client(config);
        }
        config.ForcePathStyle = true;
        return new AmazonS3Client(EmulatorCredentialsFor(aws, job), config);
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
