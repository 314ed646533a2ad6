using System.Text.Json.Nodes;
using BStore.LocalAws;

namespace BStore.Api.UnitTests.LocalAws;

/// <summary>The API function's role read from a template, each CloudFormation reference resolved to a local ARN.</summary>
public class TemplateRoleTests
{
    private static readonly TemplateRole.LocalAccount Local = new("123456789012", "us-east-1");

    private static readonly Dictionary<string, string> LocalSettings = new()
    {
        ["BStore__Tables__Category"] = "LocalCategory",
        ["BStore__Tables__Products"] = "LocalProducts",
        ["BStore__Tables__UserActivity"] = "LocalActivity",
        ["BStore__Images__Bucket"] = "local-images",
        ["BStore__Notifications__ShopperEmailsTopicArn"] = "arn:aws:sns:us-east-1:123456789012:local-emails",
    };

    [Fact]
    public void The_dev_template_s_API_role_resolves_to_the_local_tables_bucket_and_topic_with_no_reference_left()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!.AsObject();

        var role = TemplateRole.ForFunction(template, TemplateRole.ApiFunctionPrefix, LocalSettings, Local);

        role.RoleLogicalId.Should().StartWith("ApiRole");
        role.TrustPolicy["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>().Should().Be("lambda.amazonaws.com");
        var statements = role.Policies.SelectMany(p => p.Document["Statement"]!.AsArray()).ToList();
        var resources = statements.SelectMany(s => s!["Resource"] is JsonArray many ? many.ToList() : [s["Resource"]]).ToList();
        resources.Should().OnlyContain(r => r is JsonValue && (r.GetValue<string>() == "*" || r.GetValue<string>().StartsWith("arn:aws:")),
            "every reference is resolved to an ARN");
        string[] Granted(string action) => [.. statements
            .Where(s => s!["Action"] is JsonArray actions ? actions.Any(a => a!.GetValue<string>() == action) : s!["Action"]!.GetValue<string>() == action)
            .SelectMany(s => s!["Resource"] is JsonArray many ? many.Select(r => r!.GetValue<string>()) : [s!["Resource"]!.GetValue<string>()])];
        Granted("dynamodb:GetItem").Should().Contain("arn:aws:dynamodb:us-east-1:123456789012:table/LocalCategory", "the health check reads Category");
        Granted("dynamodb:Query").Should().Contain("arn:aws:dynamodb:us-east-1:123456789012:table/LocalActivity/index/ReviewsByProduct");
        Granted("dynamodb:Query").Should().Contain(r => r.StartsWith("arn:aws:dynamodb:us-east-1:123456789012:table/LocalProducts/index/", StringComparison.Ordinal));
        Granted("sns:Subscribe").Should().Contain("arn:aws:sns:us-east-1:123456789012:local-emails");
        Granted("sns:Unsubscribe").Should().Contain("arn:aws:sns:us-east-1:123456789012:local-emails:*");
        Granted("s3:ListBucket").Should().BeEmpty("the API never calls S3: seeding has a role of its own (ADR 0016)");
        Granted("dynamodb:PutItem").Should().NotContain("arn:aws:dynamodb:us-east-1:123456789012:table/LocalCategory");
        Granted("logs:PutLogEvents").Should().OnlyContain(r => r.StartsWith("arn:aws:logs:us-east-1:123456789012:log-group:ApiLogs", StringComparison.Ordinal),
            "a resource the local environment does not create is named after its logical id");
    }

    [Fact]
    public void The_dev_template_s_seeding_role_resolves_to_the_local_catalog_tables_and_image_prefix()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!.AsObject();

        var role = TemplateRole.ForFunction(template, TemplateRole.SeedingFunctionPrefix, LocalSettings, Local);

        var statements = role.Policies.SelectMany(p => p.Document["Statement"]!.AsArray()).ToList();
        var granted = statements.SelectMany(s => (s!["Action"] is JsonArray actions ? actions.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()])
            .SelectMany(action => (s["Resource"] is JsonArray many ? many.Select(r => r!.GetValue<string>()) : [s["Resource"]!.GetValue<string>()])
                .Select(resource => $"{action} {resource}"))).ToList();
        granted.Should().Contain(["dynamodb:PutItem arn:aws:dynamodb:us-east-1:123456789012:table/LocalCategory",
            "s3:PutObject arn:aws:s3:::local-images/images/*"]);
        granted.Should().NotContain(g => g.Contains("table/LocalActivity", StringComparison.Ordinal), "seeding never touches shoppers' data");
    }

    [Fact]
    public void Ref_GetAtt_Join_and_Sub_resolve_to_the_local_ARN_of_each_resource_type_from_inline_and_attached_policies()
    {
        var template = Template(
            inlineStatements: """
                [{"Effect":"Allow","Action":"states:StartExecution","Resource":{"Ref":"Machine"}},
                 {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":{"Ref":"Secret"}}]
                """,
            attachedStatements: """
                [{"Effect":"Allow","Action":"dynamodb:Query","Resource":[{"Fn::GetAtt":["Table","Arn"]},{"Fn::Sub":"${Table.Arn}/index/*"}]},
                 {"Effect":"Allow","Action":"s3:GetObject","Resource":{"Fn::Join":["",[{"Fn::GetAtt":["Bucket","Arn"]},"/images/*"]]}},
                 {"Effect":"Allow","Action":"sns:Publish","Resource":{"Fn::GetAtt":["Topic","TopicArn"]}},
                 {"Effect":"Allow","Action":"cognito-idp:AdminGetUser","Resource":{"Fn::GetAtt":["Pool","Arn"]}},
                 {"Effect":"Allow","Action":"ssm:GetParameter","Resource":{"Fn::Join":[":",["arn",{"Ref":"AWS::Partition"},"ssm",{"Ref":"AWS::Region"},{"Ref":"AWS::AccountId"},"parameter/x"]]}},
                 {"Effect":"Allow","Action":"execute-api:Invoke","Resource":{"Fn::Sub":["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${!stage}",{"Api":"local-api"}]}}]
                """);
        var settings = new Dictionary<string, string>
        {
            ["TABLE"] = "Orders", ["BUCKET"] = "pictures", ["TOPIC"] = "arn:aws:sns:us-east-1:123456789012:news", ["POOL"] = "us-east-1_abc",
            ["MACHINE"] = "arn:aws:states:us-east-1:123456789012:stateMachine:local-machine",
        };

        var role = TemplateRole.ForFunction(template, "Function", settings, Local);

        role.Policies.Select(p => p.Name).Should().Equal("Inline", "Attached");
        Resources(role).Should().Equal(
            "arn:aws:states:us-east-1:123456789012:stateMachine:local-machine",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:Secret",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/*",
            "arn:aws:s3:::pictures/images/*",
            "arn:aws:sns:us-east-1:123456789012:news",
            "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc",
            "arn:aws:ssm:us-east-1:123456789012:parameter/x",
            "arn:aws:execute-api:us-east-1:123456789012:local-api/${stage}");
    }

    [Fact]
    public void An_intrinsic_that_is_not_resolved_locally_fails_loudly()
    {
        var template = Template("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":{"Fn::ImportValue":"elsewhere"}}]""", "[]");

        FluentActions.Invoking(() => TemplateRole.ForFunction(template, "Function", new Dictionary<string, string>(), Local))
            .Should().Throw<NotSupportedException>().WithMessage("*Fn::ImportValue*");
    }

    [Fact]
    public void A_role_with_managed_policies_is_refused_rather_than_made_without_them()
    {
        var template = Template("[]", "[]");
        template["Resources"]!["Role"]!["Properties"]!["ManagedPolicyArns"] = new JsonArray("arn:aws:iam::aws:policy/ReadOnlyAccess");

        FluentActions.Invoking(() => TemplateRole.ForFunction(template, "Function", new Dictionary<string, string>(), Local))
            .Should().Throw<NotSupportedException>().WithMessage("*managed policies*");
    }

    private static IEnumerable<string> Resources(TemplateRole role) => role.Policies
        .SelectMany(p => p.Document["Statement"]!.AsArray())
        .SelectMany(s => s!["Resource"] is JsonArray many ? many.Select(r => r!.GetValue<string>()) : [s!["Resource"]!.GetValue<string>()]);

    private static JsonObject Template(string inlineStatements, string attachedStatements) => JsonNode.Parse("""
        {"Resources":{
          "Table":{"Type":"AWS::DynamoDB::Table"},
          "Bucket":{"Type":"AWS::S3::Bucket"},
          "Topic":{"Type":"AWS::SNS::Topic"},
          "Pool":{"Type":"AWS::Cognito::UserPool"},
          "Machine":{"Type":"AWS::StepFunctions::StateMachine"},
          "Secret":{"Type":"AWS::SecretsManager::Secret"},
          "Role":{"Type":"AWS::IAM::Role","Properties":{
            "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}}]},
            "Policies":[{"PolicyName":"Inline","PolicyDocument":{"Version":"2012-10-17","Statement":INLINE}}]}},
          "Attached":{"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"Attached","Roles":[{"Ref":"Role"}],
            "PolicyDocument":{"Version":"2012-10-17","Statement":ATTACHED}}},
          "Function1234":{"Type":"AWS::Lambda::Function","Properties":{"Role":{"Fn::GetAtt":["Role","Arn"]},"Environment":{"Variables":{
            "TABLE":{"Ref":"Table"},"BUCKET":{"Ref":"Bucket"},"TOPIC":{"Ref":"Topic"},"POOL":{"Ref":"Pool"},"MACHINE":{"Ref":"Machine"},"PLAIN":"text"}}}}
        }}
        """.Replace("INLINE", inlineStatements, StringComparison.Ordinal).Replace("ATTACHED", attachedStatements, StringComparison.Ordinal))!.AsObject();
}
