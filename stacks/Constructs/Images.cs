using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>The private image bucket and the CloudFront distribution shoppers load images through (ADR 0004).</summary>
public sealed class Images : Construct
{
    public Bucket Bucket { get; }
    public Distribution Distribution { get; }
    public string BaseUrl => $"https://{Distribution.DistributionDomainName}";

    public Images(Construct scope, string id, StageConfig config) : base(scope, id)
    {
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            Versioned = true,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-old-versions",
                    NoncurrentVersionExpiration = Duration.Days(config.Images.NoncurrentVersionDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            RemovalPolicy = config.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            // CloudFormation deletes only an empty bucket: a stage that keeps no data empties it (every version and
            // delete marker) before a rollback or destroy deletes it.
            AutoDeleteObjects = !config.RetainData,
        });
        if (!config.RetainData)
        {
            AutoDeleteProvider();
        }
        Nag.Suppress(Bucket, "AwsSolutions-S1",
            "Holds only the public catalog images the seeder writes from the repository; CloudFront serves every read, and CloudTrail records writes.");

        Distribution = new Distribution(this, "Cdn", new DistributionProps
        {
            Comment = $"{config.NamePrefix} catalog images",
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(Bucket),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
                CachePolicy = CachePolicy.CACHING_OPTIMIZED,
                ResponseHeadersPolicy = ResponseHeadersPolicy.SECURITY_HEADERS,
            },
            PriceClass = config.Images.PriceClass switch
            {
                "PriceClass_All" => PriceClass.PRICE_CLASS_ALL,
                "PriceClass_200" => PriceClass.PRICE_CLASS_200,
                _ => PriceClass.PRICE_CLASS_100,
            },
            HttpVersion = HttpVersion.HTTP2_AND_3,
            MinimumProtocolVersion = SecurityPolicyProtocol.TLS_V1_2_2021,
        });
        Nag.Suppress(Distribution, "AwsSolutions-CFR1", "A shop sells where it ships; geo restriction is a business decision, not set yet.");
        Nag.Suppress(Distribution, "AwsSolutions-CFR2", "Serves static catalog images from a private bucket only; no WAF rule would protect anything here.");
        Nag.Suppress(Distribution, "AwsSolutions-CFR3", "Access logs of public product images carry no security value; CloudFront metrics are kept.");
        Nag.Suppress(Distribution, "AwsSolutions-CFR4",
            "Uses the default *.cloudfront.net certificate, for which CloudFront fixes the TLS policy; a custom domain with a TLSv1.2_2021 policy needs a certificate, not configured yet.");
    }

    /// <summary>Node.js runtime of the bucket-emptying function; CDK 2.160 picks nodejs20.x (its latest in the region), on which Lambda no longer creates functions.</summary>
    public const string AutoDeleteRuntime = "nodejs24.x";

    /// <summary>CDK's one provider function per stack that empties buckets with AutoDeleteObjects: its runtime and its findings.</summary>
    private void AutoDeleteProvider()
    {
        var provider = Stack.Of(this).Node.FindChild("Custom::S3AutoDeleteObjectsCustomResourceProvider");
        var handler = (CfnResource)provider.Node.FindChild("Handler");
        handler.AddPropertyOverride("Runtime", AutoDeleteRuntime);
        Nag.Suppress(handler, "AwsSolutions-L1",
            $"{AutoDeleteRuntime} is newer than the runtimes Amazon.CDK.Lib 2.160 (and so this cdk-nag) knows; CDK's own choice, nodejs20.x, can no longer be created (cfn-lint E2533).");
        Nag.Suppress(provider.Node.FindChild("Role"), "AwsSolutions-IAM4",
            "CDK's bucket-emptying provider writes its logs through AWSLambdaBasicExecutionRole; its S3 rights are granted by the image bucket's own policy, to this role only.",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    }
}
