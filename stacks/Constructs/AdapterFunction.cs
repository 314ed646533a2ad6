using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// A function of the API's package behind the AWS Lambda Web Adapter layer (the API, the seeder): its log group, a role
/// that may write it, and the adapter's settings. The caller grants the role what its job needs and sets the job's own
/// function properties.
/// </summary>
public sealed class AdapterFunction
{
    public required Function Function { get; init; }
    public required Role Role { get; init; }
    public required LogGroup Logs { get; init; }

    /// <summary>
    /// Creates "Logs", "Role", "WebAdapter" and "Function" in <paramref name="scope"/>; <paramref name="grant"/> adds the job's
    /// statements to the role before the function adds its own (X-Ray's, with tracing).
    /// </summary>
    public static AdapterFunction Create(
        Construct scope, StageConfig config, string roleDescription, Action<Role> grant, string codeDirectory, string webAdapterLayerArn,
        IDictionary<string, string> settings, Action<FunctionProps> configure)
    {
        var logs = new LogGroup(scope, "Logs", new LogGroupProps
        {
            Retention = Retention.Of(config.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var role = new Role(scope, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = roleDescription,
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [$"{logs.LogGroupArn}:*"],
        }));
        grant(role);
        var environment = new Dictionary<string, string>(settings)
        {
            // The adapter runs as an extension from the layer and relays invocations to Kestrel on AWS_LWA_PORT.
            ["AWS_LWA_PORT"] = "8080",
            ["AWS_LWA_READINESS_CHECK_PATH"] = "/health",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:8080",
            ["BStore__Aws__Region"] = Stack.Of(scope).Region,
        };
        var props = new FunctionProps
        {
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(codeDirectory),
            MemorySize = config.Api.MemoryMb,
            Role = role,
            LogGroup = logs,
            Layers = [LayerVersion.FromLayerVersionArn(scope, "WebAdapter", webAdapterLayerArn)],
            Environment = environment,
        };
        configure(props);
        return new AdapterFunction { Function = new Function(scope, "Function", props), Role = role, Logs = logs };
    }
}
