using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using HttpMethod = Amazon.CDK.AWS.Apigatewayv2.HttpMethod;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using System.Globalization;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Constructs;

namespace BStore.Stacks.Constructs;

public sealed record ApiProps(
    StageConfig Config, string CodeDirectory, string WebAdapterLayerArn, Data Data, Images Images, Identity Identity, Notifications Notifications);

/// <summary>
/// The API: one Native AOT ASP.NET Core binary on provided.al2023 behind the AWS Lambda Web Adapter
/// layer, served by an HTTP API whose user routes need a Cognito JWT.
/// </summary>
public sealed class Api : Construct
{
    public Function Function { get; }
    public Alias Live { get; }
    public HttpApi HttpApi { get; }

    public Api(Construct scope, string id, ApiProps props) : base(scope, id)
    {
        var config = props.Config;
        var cursorKey = new Secret(this, "CursorKey", new SecretProps
        {
            Description = "HMAC key that signs catalog pagination cursors (base64).",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true, IncludeSpace = false },
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Suppress(cursorKey, "AwsSolutions-SMG4",
            "Rotating the cursor key only invalidates open pagination cursors (clients restart from page one); it is rotated by replacing the secret on demand.");

        var functionName = $"{config.NamePrefix}-api";
        var adapted = AdapterFunction.Create(this, config,
            "The BStore API function: its log group, what shoppers' requests and the workflow steps read and write.",
            role =>
            {
                GrantData(role, props.Data);
                role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
                {
                    // A shopper's email subscription (with its userId filter) is made on confirmation and on opt-in, removed on opt-out.
                    Sid = "ShopperEmailSubscriptions",
                    Actions = ["sns:Subscribe", "sns:Unsubscribe"],
                    Resources = [props.Notifications.ShopperEmails.TopicArn, $"{props.Notifications.ShopperEmails.TopicArn}:*"],
                }));
            },
            props.CodeDirectory, props.WebAdapterLayerArn, new Dictionary<string, string>
            {
                // A 500 fails the invocation, so that the order workflow retries a step that could not finish. Shoppers'
                // requests never answer 500 by design (ErrorHandling), and API Gateway turns a failed invocation into one.
                ["AWS_LWA_ERROR_STATUS_CODES"] = "500",
                ["BStore__Job"] = "Api",
                ["BStore__Tables__Category"] = props.Data.Category.TableName,
                ["BStore__Tables__Products"] = props.Data.Products.TableName,
                ["BStore__Tables__UserActivity"] = props.Data.UserActivity.TableName,
                ["BStore__Images__Bucket"] = props.Images.Bucket.BucketName,
                ["BStore__Images__BaseUrl"] = props.Images.BaseUrl,
                ["BStore__Cognito__UserPoolId"] = props.Identity.UserPool.UserPoolId,
                ["BStore__Cognito__ClientId"] = props.Identity.MobileClient.UserPoolClientId,
                ["BStore__Cognito__Endpoint"] = $"https://cognito-idp.{Stack.Of(this).Region}.amazonaws.com",
                ["BStore__Notifications__ShopperEmailsTopicArn"] = props.Notifications.ShopperEmails.TopicArn,
                // Connections come from the adapter on loopback; API Gateway appends the caller's address to X-Forwarded-For.
                ["BStore__Limits__TrustForwardedFor"] = "true",
                // The API answers a slow request itself (503, Retry-After) before Lambda's timeout cuts it off.
                ["BStore__Limits__RequestTimeoutSeconds"] = RequestTimeoutSeconds(config).ToString(CultureInfo.InvariantCulture),
                // Resolved by CloudFormation at deploy time: the key never appears in the template or the repository.
                ["BStore__Catalog__CursorKey"] = cursorKey.SecretValue.UnsafeUnwrap(),
            },
            function =>
            {
                function.FunctionName = functionName;
                function.Description = $"{config.NamePrefix} API (Native AOT ASP.NET Core behind the Lambda Web Adapter)";
                function.Timeout = Duration.Seconds(config.Api.TimeoutSeconds);
                function.ReservedConcurrentExecutions = config.Api.ReservedConcurrency;
                function.Tracing = Tracing.ACTIVE;
            });
        Function = adapted.Function;
        var (role, logs) = (adapted.Role, adapted.Logs);
        for (var i = 0; i < config.Api.CorsAllowedOrigins.Count; i++)
        {
            // API Gateway answers CORS from the same list (below); the API's own policy covers it everywhere else.
            Function.AddEnvironment($"BStore__Cors__AllowedOrigins__{i}", config.Api.CorsAllowedOrigins[i]);
        }
        Nag.Suppress(role.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "X-Ray's PutTraceSegments/PutTelemetryRecords support no resource-level permissions (AWS requires '*'); " +
            "the log stream wildcard is the API's own log group; the index wildcard covers only the Products table's indexes; " +
            "the subscription wildcard is the shopper-emails topic's own subscriptions (Unsubscribe names a subscription).",
            "Resource::*", $"Resource::<{LogicalId(logs)}.Arn>:*", $"Resource::<{LogicalId(props.Data.Products)}.Arn>/index/*",
            $"Resource::<{LogicalId(props.Notifications.ShopperEmails)}>:*");

        Live = new Alias(this, "Live", new AliasProps
        {
            AliasName = "live",
            Version = Function.CurrentVersion,
            ProvisionedConcurrentExecutions = config.Api.ProvisionedConcurrency > 0 ? config.Api.ProvisionedConcurrency : null,
        });
        SubscribeShoppersOnConfirmation(props.Identity, functionName);

        HttpApi = new HttpApi(this, "Http", new HttpApiProps
        {
            ApiName = $"{config.NamePrefix}-api",
            Description = "BStore shopper API",
            CorsPreflight = new CorsPreflightOptions
            {
                // The API's own policy (api/Hosting/ApiCors.cs): API Gateway answers CORS itself and ignores the function's.
                AllowOrigins = [.. config.Api.CorsAllowedOrigins],
                AllowMethods = [.. ApiCors.Methods.Select(Enum.Parse<CorsHttpMethod>)],
                AllowHeaders = ApiCors.RequestHeaders,
                ExposeHeaders = ApiCors.ExposedHeaders,
                MaxAge = Duration.Seconds(ApiCors.PreflightMaxAge.TotalSeconds),
            },
        });
        // The address the app must use (/api/config): the API sees plain http from the adapter. No cycle: the HTTP API
        // itself does not depend on the function, only its integration does (on the alias).
        Function.AddEnvironment("BStore__PublicBaseUrl", HttpApi.ApiEndpoint);
        var integration = new HttpLambdaIntegration("Lambda", Live);
        var authorizer = new HttpUserPoolAuthorizer("Shopper", props.Identity.UserPool, new HttpUserPoolAuthorizerProps
        {
            UserPoolClients = [props.Identity.MobileClient],
        });
        foreach (var route in ApiRoutes.Load(Repository.Root()))
        {
            HttpApi.AddRoutes(new AddRoutesOptions
            {
                Path = route.Path,
                Methods = [Enum.Parse<HttpMethod>(route.Method)],
                Integration = integration,
                Authorizer = route.NeedsShopper ? authorizer : null,
            });
            if (!route.NeedsShopper)
            {
                foreach (var created in HttpApi.Node.FindAll().OfType<CfnRoute>().Where(r => r.RouteKey == route.RouteKey))
                {
                    Nag.Suppress(created, "AwsSolutions-APIG4", "Public catalog route: browsing the store needs no account.");
                }
            }
        }
        ConfigureStage(config);
    }

    private void ConfigureStage(StageConfig config)
    {
        var accessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = Retention.Of(config.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var stage = (CfnStage)HttpApi.DefaultStage!.Node.DefaultChild!;
        stage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty
        {
            DestinationArn = accessLogs.LogGroupArn,
            Format = """{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","time":"$context.requestTime","method":"$context.httpMethod","route":"$context.routeKey","status":"$context.status","bytes":"$context.responseLength","latencyMs":"$context.responseLatency","integrationLatencyMs":"$context.integrationLatency","error":"$context.error.message","authorizerError":"$context.authorizer.error"}""",
        };
        stage.DefaultRouteSettings = new CfnStage.RouteSettingsProperty
        {
            ThrottlingRateLimit = config.Api.ThrottleRatePerSecond,
            ThrottlingBurstLimit = config.Api.ThrottleBurst,
            DetailedMetricsEnabled = true,
        };
    }

    private static void GrantData(Role role, Data data)
    {
        // Exactly the calls shoppers' requests and the workflow steps make (see docs/data-model.md). The catalog is written
        // by the seeding function only (docs/adr/0016): here products change only by UpdateItem (stock, ratings, redemptions).
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadCategories",
            Actions = ["dynamodb:Scan", "dynamodb:GetItem"],
            Resources = [data.Category.TableArn],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadProductsAndUpdateStock",
            Actions = ["dynamodb:Scan", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            Resources = [data.Products.TableArn, $"{data.Products.TableArn}/index/*"],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            // Carts, wishlists and their activity events; transactions need the per-item actions.
            Sid = "ShopperActivity",
            Actions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
            // The reviews index by name (a product's reviews): the only index of the table.
            Resources = [data.UserActivity.TableArn, $"{data.UserActivity.TableArn}/index/{UserActivityIndexes.ReviewsByProduct}"],
        }));
    }

    /// <summary>
    /// Cognito's PostConfirmation trigger calls the live alias, which subscribes the new shopper's address to their
    /// emails (it arrives at the API as POST /events). The pool names the alias by a constructed ARN: the function
    /// already depends on the pool (its id is in the environment), and a reference back would be a cycle.
    /// </summary>
    private void SubscribeShoppersOnConfirmation(Identity identity, string functionName)
    {
        var pool = (Amazon.CDK.AWS.Cognito.CfnUserPool)identity.UserPool.Node.DefaultChild!;
        pool.LambdaConfig = new Amazon.CDK.AWS.Cognito.CfnUserPool.LambdaConfigProperty
        {
            PostConfirmation = $"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{Aws.ACCOUNT_ID}:function:{functionName}:{Live.AliasName}",
        };
        Live.AddPermission("CognitoPostConfirmation", new Permission
        {
            Principal = new ServicePrincipal("cognito-idp.amazonaws.com"),
            SourceArn = identity.UserPool.UserPoolArn,
            SourceAccount = Aws.ACCOUNT_ID,
        });
    }

    /// <summary>The API's request timeout: 5 s inside the function's, so that a slow request still gets an answer.</summary>
    public static int RequestTimeoutSeconds(StageConfig config) => Math.Max(1, config.Api.TimeoutSeconds - 5);

    private static string LogicalId(IConstruct construct) =>
        Stack.Of(construct).GetLogicalId((CfnElement)construct.Node.DefaultChild!);
}
