using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BStore.LocalAws;

/// <summary>
/// A Lambda function's role as the synthesized template defines it (its inline policies and every AWS::IAM::Policy
/// attached to it), with each CloudFormation reference resolved to the local resource it names. A resource is local
/// when one of the function's environment variables references it (<c>{"Ref": X}</c>) and the local environment
/// gives that setting a value: the resource's physical id is that value (a table name, a bucket name, a topic ARN).
/// A resource the local environment does not create (the log group, the cursor-key secret) resolves to an ARN named
/// after its logical id, which matches nothing local.
/// </summary>
public sealed partial class TemplateRole
{
    /// <summary>The API function's logical id starts with this (stacks/Constructs/Api.cs: construct "Api", function "Function").</summary>
    public const string ApiFunctionPrefix = "ApiFunction";
    public const string SeedingFunctionPrefix = "SeedingFunction";

    private readonly JsonObject _resources;
    private readonly Dictionary<string, string> _physicalIds;
    private readonly LocalAccount _account;

    /// <summary>The pseudo parameters' local values.</summary>
    public sealed record LocalAccount(string AccountId, string Region, string Partition = "aws", string UrlSuffix = "amazonaws.com", string StackName = "bstore-local");

    /// <summary>One policy of the role: its name in the template and its document, references resolved.</summary>
    public sealed record Policy(string Name, JsonObject Document);

    private TemplateRole(JsonObject resources, Dictionary<string, string> physicalIds, LocalAccount account, string roleLogicalId)
    {
        _resources = resources;
        _physicalIds = physicalIds;
        _account = account;
        RoleLogicalId = roleLogicalId;
    }

    public string RoleLogicalId { get; }

    /// <summary>Who may assume the role (the function's service principal).</summary>
    public JsonObject TrustPolicy { get; private init; } = [];

    public IReadOnlyList<Policy> Policies { get; private init; } = [];

    /// <summary>
    /// The role of the function whose logical id starts with <paramref name="functionPrefix"/>. <paramref name="localSettings"/>
    /// maps environment variable names (<c>BStore__Tables__Category</c>) to their local values.
    /// </summary>
    public static TemplateRole ForFunction(JsonObject template, string functionPrefix, IReadOnlyDictionary<string, string> localSettings, LocalAccount account)
    {
        var resources = Resources(template);
        var (functionId, function) = Function(resources, functionPrefix);
        var roleId = function["Role"]?["Fn::GetAtt"]?[0]?.GetValue<string>()
            ?? throw new InvalidDataException($"The function {functionId} does not take its role from the template (Fn::GetAtt <role>.Arn).");
        var physicalIds = LocalPhysicalIds(function, localSettings);

        var role = resources[roleId] ?? throw new InvalidDataException($"The template has no resource {roleId}.");
        if (role["Properties"]?["ManagedPolicyArns"] is JsonArray { Count: > 0 })
        {
            throw new NotSupportedException($"The role {roleId} has managed policies; only inline and AWS::IAM::Policy statements are made locally.");
        }
        var raw = new List<(string Name, JsonNode Document)>();
        foreach (var inline in role["Properties"]?["Policies"]?.AsArray() ?? [])
        {
            raw.Add((inline!["PolicyName"]!.GetValue<string>(), inline["PolicyDocument"]!));
        }
        foreach (var (id, resource) in resources)
        {
            if (Type(resource) == "AWS::IAM::Policy"
                && (resource!["Properties"]?["Roles"]?.AsArray() ?? []).Any(r => r?["Ref"]?.GetValue<string>() == roleId))
            {
                raw.Add((resource["Properties"]!["PolicyName"]?.GetValue<string>() ?? id, resource["Properties"]!["PolicyDocument"]!));
            }
        }

        var resolver = new TemplateRole(resources, physicalIds, account, roleId);
        return new TemplateRole(resources, physicalIds, account, roleId)
        {
            TrustPolicy = resolver.Resolve(role["Properties"]?["AssumeRolePolicyDocument"] ?? new JsonObject()).AsObject(),
            Policies = [.. raw.Select(p => new Policy(p.Name, resolver.Resolve(p.Document).AsObject()))],
        };
    }

    /// <summary>
    /// The local physical id of each resource the function's environment references (<c>{"Ref": X}</c>) under a setting
    /// <paramref name="localSettings"/> gives a value: a table name, a bucket name, a topic ARN.
    /// </summary>
    /// <summary>The environment variables the template gives the function whose logical id starts with <paramref name="functionPrefix"/>.</summary>
    public static JsonObject Environment(JsonObject template, string functionPrefix) =>
        Function(Resources(template), functionPrefix).Properties["Environment"]?["Variables"]?.AsObject() ?? [];

    public static Dictionary<string, string> LocalPhysicalIds(JsonObject template, string functionPrefix, IReadOnlyDictionary<string, string> localSettings) =>
        LocalPhysicalIds(Function(Resources(template), functionPrefix).Properties, localSettings);

    private static Dictionary<string, string> LocalPhysicalIds(JsonNode function, IReadOnlyDictionary<string, string> localSettings)
    {
        var physicalIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in function["Environment"]?["Variables"]?.AsObject() ?? [])
        {
            if ((value as JsonObject)?["Ref"]?.GetValue<string>() is { } referenced && localSettings.TryGetValue(name, out var local))
            {
                physicalIds[referenced] = local;
            }
        }
        return physicalIds;
    }

    internal static JsonObject Resources(JsonObject template) =>
        template["Resources"]?.AsObject() ?? throw new InvalidDataException("The template has no Resources.");

    private static (string Id, JsonNode Properties) Function(JsonObject resources, string functionPrefix)
    {
        var functions = resources.Where(r => Type(r.Value) == "AWS::Lambda::Function" && r.Key.StartsWith(functionPrefix, StringComparison.Ordinal)).ToList();
        if (functions.Count != 1)
        {
            throw new InvalidDataException($"The template has {functions.Count} Lambda functions whose logical id starts with '{functionPrefix}'; expected one.");
        }
        return (functions[0].Key, functions[0].Value!["Properties"]!);
    }

    /// <summary>A copy of <paramref name="node"/> with Ref, Fn::GetAtt, Fn::Join and Fn::Sub replaced by their local values.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } intrinsic when intrinsic.First().Key is var name && (name == "Ref" || name.StartsWith("Fn::", StringComparison.Ordinal)):
                return JsonValue.Create(Evaluate(name, intrinsic.First().Value!));
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = value is null ? null : Resolve(value);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : Resolve(item))]);
            default:
                return node.DeepClone();
        }
    }

    private string Evaluate(string function, JsonNode argument) => function switch
    {
        "Ref" => Ref(argument.GetValue<string>()),
        "Fn::GetAtt" => GetAtt(argument[0]!.GetValue<string>(), argument[1]!.GetValue<string>()),
        "Fn::Join" => string.Join(argument[0]!.GetValue<string>(), argument[1]!.AsArray().Select(part => Text(part!))),
        "Fn::Sub" => Sub(argument),
        _ => throw new NotSupportedException($"{function} is not resolved locally (only Ref, Fn::GetAtt, Fn::Join and Fn::Sub are)."),
    };

    private string Text(JsonNode node) => Resolve(node) is JsonValue value && value.TryGetValue<string>(out var text)
        ? text
        : throw new InvalidDataException($"Expected a string, found {node.ToJsonString()}.");

    private string Sub(JsonNode argument)
    {
        var (format, variables) = argument is JsonArray pair
            ? (pair[0]!.GetValue<string>(), pair[1]!.AsObject())
            : (argument.GetValue<string>(), new JsonObject());
        return SubVariable().Replace(format, match =>
        {
            var name = match.Groups[1].Value;
            if (variables[name] is { } variable)
            {
                return Text(variable);
            }
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal) ? GetAtt(name[..dot], name[(dot + 1)..]) : Ref(name);
        }).Replace("${!", "${", StringComparison.Ordinal);
    }

    private string Ref(string name) => name switch
    {
        "AWS::AccountId" => _account.AccountId,
        "AWS::Region" => _account.Region,
        "AWS::Partition" => _account.Partition,
        "AWS::URLSuffix" => _account.UrlSuffix,
        "AWS::StackName" => _account.StackName,
        _ => ResourceType(name) switch
        {
            // Ref of these is their ARN
            "AWS::SNS::Topic" or "AWS::SecretsManager::Secret" or "AWS::StepFunctions::StateMachine" => Arn(name),
            _ => PhysicalId(name),
        },
    };

    private string GetAtt(string logicalId, string attribute) => (ResourceType(logicalId), attribute) switch
    {
        (_, "Arn") => Arn(logicalId),
        ("AWS::SNS::Topic", "TopicArn") => Arn(logicalId),
        ("AWS::SNS::Topic", "TopicName") => PhysicalId(logicalId).Split(':')[^1],
        ("AWS::StepFunctions::StateMachine", "Name") => PhysicalId(logicalId).Split(':')[^1],
        var (type, _) => throw new NotSupportedException($"Fn::GetAtt {logicalId}.{attribute} ({type}) is not resolved locally."),
    };

    private string Arn(string logicalId)
    {
        var id = PhysicalId(logicalId);
        var (partition, region, account) = (_account.Partition, _account.Region, _account.AccountId);
        return ResourceType(logicalId) switch
        {
            _ when id.StartsWith("arn:", StringComparison.Ordinal) => id,
            "AWS::DynamoDB::Table" => $"arn:{partition}:dynamodb:{region}:{account}:table/{id}",
            "AWS::S3::Bucket" => $"arn:{partition}:s3:::{id}",
            "AWS::SNS::Topic" => $"arn:{partition}:sns:{region}:{account}:{id}",
            "AWS::SecretsManager::Secret" => $"arn:{partition}:secretsmanager:{region}:{account}:secret:{id}",
            "AWS::StepFunctions::StateMachine" => $"arn:{partition}:states:{region}:{account}:stateMachine:{id}",
            "AWS::Logs::LogGroup" => $"arn:{partition}:logs:{region}:{account}:log-group:{id}:*",
            "AWS::Cognito::UserPool" => $"arn:{partition}:cognito-idp:{region}:{account}:userpool/{id}",
            "AWS::Lambda::Function" => $"arn:{partition}:lambda:{region}:{account}:function:{id}",
            "AWS::IAM::Role" => $"arn:{partition}:iam::{account}:role/{id}",
            "AWS::KMS::Key" => $"arn:{partition}:kms:{region}:{account}:key/{id}",
            var type => throw new NotSupportedException($"The ARN of {logicalId} ({type}) is not made locally."),
        };
    }

    /// <summary>The local physical id, or the logical id for a resource the local environment does not create.</summary>
    private string PhysicalId(string logicalId) => _physicalIds.TryGetValue(logicalId, out var id) ? id : logicalId;

    private string ResourceType(string logicalId) =>
        Type(_resources[logicalId]) ?? throw new InvalidDataException($"The template references {logicalId}, which it does not define.");

    internal static string? Type(JsonNode? resource) => resource?["Type"]?.GetValue<string>();

    /// <summary>${Name}, ${Resource.Attribute} or ${AWS::Region}; not ${!Literal}.</summary>
    [GeneratedRegex(@"\$\{([^!}][^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SubVariable();
}
