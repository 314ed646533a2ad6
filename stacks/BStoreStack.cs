using Amazon.CDK;
using BStore.Stacks.Constructs;
using Constructs;

namespace BStore.Stacks;

public sealed record BStoreStackProps(StageConfig Config, ApiPackage ApiPackage, string SeedDirectory);

/// <summary>All of BStore in one stack, one construct per concern, in the order a request meets them.</summary>
public sealed class BStoreStack : Stack
{
    public BStoreStack(Construct scope, string id, BStoreStackProps props) : base(scope, id, new StackProps
    {
        Env = new Amazon.CDK.Environment { Region = props.Config.Region },
        Description = $"BStore beauty store ({props.Config.Stage})",
        Synthesizer = new DefaultStackSynthesizer(new DefaultStackSynthesizerProps { GenerateBootstrapVersionRule = false }),
    })
    {
        var config = props.Config;
        var identity = new Identity(this, "Identity", config);
        var images = new Images(this, "Images", config);
        var data = new Data(this, "Data", config);
        var notifications = new Notifications(this, "Notifications", config);
        var webAdapterLayer = WebAdapterLayer(config);
        var api = new Constructs.Api(this, "Api", new ApiProps(config, props.ApiPackage.Directory, webAdapterLayer, data, images, identity, notifications));
        var workflows = new Workflows(this, "Workflows", config, data, notifications.ShopperEmails, api.Live);
        new Seeding(this, "Seeding", new SeedingProps(config, props.ApiPackage.Directory, webAdapterLayer, props.SeedDirectory, data, images));
        var operations = new Operations(this, "Operations", config, api, data, workflows, OnCallEmail());

        Output("ApiUrl", api.HttpApi.ApiEndpoint, "Base URL of the shopper API");
        Output("ImagesUrl", images.BaseUrl, "Base URL of catalog images");
        Output("UserPoolId", identity.UserPool.UserPoolId, "Cognito user pool of shoppers");
        Output("UserPoolClientId", identity.MobileClient.UserPoolClientId, "Cognito app client of the mobile app");
        Output("ProductsTable", data.Products.TableName, "DynamoDB Products table");
        Output("AlarmNotifications", "e-mailed to the OnCallEmail address, once it confirms the subscription SNS sent it",
            "Who the operations alarms notify", operations.NotifiesOnCall);
        Output("AlarmsNotifyNobody", "No OnCallEmail was given: alarms notify nobody. Deploy again with --parameters OnCallEmail=<on-call address>",
            "Who the operations alarms notify", operations.NotifiesNobody);
        if (props.ApiPackage.IsPlaceholder)
        {
            RefuseToDeploy(webAdapterLayer);
        }
    }

    public const string PlaceholderRule = "DeployableApiPackage";

    /// <summary>
    /// Synthesized without the API package, the functions' code is a placeholder that exits at once: deployed, the seed
    /// custom resource would never be answered. A rule whose assertion never holds makes CloudFormation refuse the change
    /// set before it creates anything, while offline synth and diff keep working. (The assertion names the layer
    /// parameter, whose allowed pattern excludes the value compared: rules must assert on parameters.)
    /// </summary>
    private void RefuseToDeploy(string webAdapterLayer) =>
        _ = new CfnRule(this, PlaceholderRule, new CfnRuleProps
        {
            Assertions =
            [
                new CfnRuleAssertion
                {
                    Assert = Fn.ConditionEquals(webAdapterLayer, "no-api-package"),
                    AssertDescription = "This template was synthesized without the API package (a placeholder that cannot run): deploy with scripts/deploy, which builds it.",
                },
            ],
        });

    /// <summary>
    /// Where alarms go: an address given at deploy (kept by CloudFormation for later deploys), so that no person's
    /// address is written into this repository. Empty means nobody, which the AlarmNotifications output says.
    /// </summary>
    private string OnCallEmail() => new CfnParameter(this, "OnCallEmail", new CfnParameterProps
    {
        Type = "String",
        Default = "",
        Description = "E-mail address (a team list) the operations alarms notify; empty for none.",
        AllowedPattern = @"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
        ConstraintDescription = "must be an e-mail address, or empty",
    }).ValueAsString;

    /// <summary>
    /// The AWS Lambda Web Adapter layer is published by AWS in each region; its ARN is a deploy parameter
    /// (given once, then reused) so that no account id is written into this repository. The stage config
    /// pins the version the parameter must name.
    /// </summary>
    private string WebAdapterLayer(StageConfig config) => new CfnParameter(this, "LambdaWebAdapterLayerArn", new CfnParameterProps
    {
        Type = "String",
        Description = $"ARN of the AWS Lambda Web Adapter layer LambdaAdapterLayerX86 at version {config.Api.LambdaWebAdapterLayerVersion} " +
            "in this region (from the adapter's documentation).",
        AllowedPattern = $"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{{12}}:layer:LambdaAdapterLayerX86:{config.Api.LambdaWebAdapterLayerVersion}$",
        ConstraintDescription = $"must be the LambdaAdapterLayerX86 layer at version {config.Api.LambdaWebAdapterLayerVersion}",
    }).ValueAsString;

    private void Output(string name, string value, string description, CfnCondition? condition = null) =>
        _ = new CfnOutput(this, name, new CfnOutputProps { Value = value, Description = description, Condition = condition });
}
