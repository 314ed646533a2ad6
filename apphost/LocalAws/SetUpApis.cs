using System.Text.Json.Serialization;
using BStore.Api.Aws;

namespace BStore.LocalAws;

/// <summary>The services only the set-up calls, each with its protocol: where they are and how they are signed.</summary>
public static class SetUpApis
{
    public static readonly AwsJsonApi Cognito = new(new AwsService("cognito-idp", "cognito-idp"), "AWSCognitoIdentityProviderService.", "application/x-amz-json-1.1");
    public static readonly AwsJsonApi StepFunctions = new(new AwsService("states", "states"), "AWSStepFunctions.", "application/x-amz-json-1.0");
    public static readonly AwsJsonApi Pipes = new(new AwsService("pipes", "pipes"));
    public static readonly AwsQueryApi Iam = new(new AwsService("iam", "iam"), ApiVersion: "2010-05-08");
    public static readonly AwsQueryApi Sts = new(new AwsService("sts", "sts"), ApiVersion: "2011-06-15");
}

/// <summary>The emulator's address and set-up credentials: one client per service, signed and retrying as the API's are.</summary>
public sealed class SetUpClients(Uri endpoint, Amazon.Runtime.AWSCredentials credentials, Amazon.RegionEndpoint region) : IDisposable
{
    private readonly List<HttpClient> _made = [];

    public AwsJsonClient Json(AwsJsonApi api) => new(Http(api.Service), api, endpoint);

    public AwsQueryClient Query(AwsQueryApi api) => new(Http(api.Service), api, endpoint);

    /// <summary>A signed, retrying client for <paramref name="service"/>, disposed with these.</summary>
    public HttpClient Http(AwsService service)
    {
        var http = AwsHttp.CreateClient(service, credentials, region);
        _made.Add(http);
        return http;
    }

    public void Dispose() => _made.ForEach(http => http.Dispose());
}

// Cognito (AWS JSON 1.1): the user pool and its app client.
public sealed record ListUserPoolsRequest(int MaxResults);
public sealed record UserPoolSummary(string Id, string Name);
public sealed record ListUserPoolsAnswer(IReadOnlyList<UserPoolSummary>? UserPools);
public sealed record PasswordPolicy(int MinimumLength, bool RequireUppercase, bool RequireLowercase, bool RequireNumbers, bool RequireSymbols);
public sealed record UserPoolPolicies(PasswordPolicy PasswordPolicy);
public sealed record UserPoolTriggers(string PostConfirmation);
public sealed record CreateUserPoolRequest(
    string PoolName, IReadOnlyList<string>? UsernameAttributes = null, IReadOnlyList<string>? AutoVerifiedAttributes = null,
    UserPoolPolicies? Policies = null, UserPoolTriggers? LambdaConfig = null);
public sealed record CreatedUserPool(string Id);
public sealed record CreateUserPoolAnswer(CreatedUserPool UserPool);
public sealed record ListUserPoolClientsRequest(string UserPoolId, int MaxResults);
public sealed record UserPoolClientSummary(string ClientId, string ClientName);
public sealed record ListUserPoolClientsAnswer(IReadOnlyList<UserPoolClientSummary>? UserPoolClients);
public sealed record CreateUserPoolClientRequest(
    string UserPoolId, string ClientName, bool GenerateSecret, IReadOnlyList<string> ExplicitAuthFlows, string PreventUserExistenceErrors);
public sealed record CreatedUserPoolClient(string ClientId);
public sealed record CreateUserPoolClientAnswer(CreatedUserPoolClient UserPoolClient);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListUserPoolsRequest))]
[JsonSerializable(typeof(ListUserPoolsAnswer))]
[JsonSerializable(typeof(CreateUserPoolRequest))]
[JsonSerializable(typeof(CreateUserPoolAnswer))]
[JsonSerializable(typeof(ListUserPoolClientsRequest))]
[JsonSerializable(typeof(ListUserPoolClientsAnswer))]
[JsonSerializable(typeof(CreateUserPoolClientRequest))]
[JsonSerializable(typeof(CreateUserPoolClientAnswer))]
public sealed partial class CognitoJson : JsonSerializerContext;

// Step Functions (AWS JSON 1.0, camelCase members): the state machines.
public sealed record ListStateMachinesRequest;
public sealed record StateMachineSummary(string Name, string StateMachineArn);
public sealed record ListStateMachinesAnswer(IReadOnlyList<StateMachineSummary>? StateMachines);
public sealed record UpdateStateMachineRequest(string StateMachineArn, string Definition);
public sealed record CreateStateMachineRequest(string Name, string Definition, string RoleArn, string? Type = null);
public sealed record CreateStateMachineAnswer(string StateMachineArn);
/// <summary>An answer whose content the caller does not need.</summary>
public sealed record NoAnswer;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesAnswer))]
[JsonSerializable(typeof(UpdateStateMachineRequest))]
[JsonSerializable(typeof(CreateStateMachineRequest))]
[JsonSerializable(typeof(CreateStateMachineAnswer))]
[JsonSerializable(typeof(NoAnswer))]
public sealed partial class StepFunctionsJson : JsonSerializerContext;

// EventBridge Pipes (REST-JSON): a pipe from the table's stream to a workflow.
public sealed record PipeFilter(string Pattern);
public sealed record PipeFilterCriteria(IReadOnlyList<PipeFilter> Filters);
public sealed record PipeStreamParameters(string StartingPosition, int BatchSize);
public sealed record PipeSourceParameters(PipeStreamParameters DynamoDBStreamParameters, PipeFilterCriteria FilterCriteria);
public sealed record PipeStateMachineParameters(string InvocationType);
public sealed record PipeTargetParameters(PipeStateMachineParameters StepFunctionStateMachineParameters);
public sealed record CreatePipeRequest(
    string DesiredState, string RoleArn, string Source, PipeSourceParameters SourceParameters, string Target, PipeTargetParameters TargetParameters);

[JsonSerializable(typeof(CreatePipeRequest))]
[JsonSerializable(typeof(NoAnswer))]
public sealed partial class PipesJson : JsonSerializerContext;
