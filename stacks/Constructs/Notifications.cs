using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// The topic shopper emails go through. Each shopper's email subscription carries a filter policy on
/// the <c>userId</c> message attribute, so a message reaches its own shopper only.
/// </summary>
public sealed class Notifications : Construct
{
    public Topic ShopperEmails { get; }

    public Notifications(Construct scope, string id, StageConfig config) : base(scope, id)
    {
        ShopperEmails = new Topic(this, "ShopperEmails", new TopicProps
        {
            TopicName = $"{config.NamePrefix}-shopper-emails",
            DisplayName = "BStore",
            MasterKey = Alias.FromAliasName(this, "SnsKey", "alias/aws/sns"),
        });
        ShopperEmails.DenyInsecureTransport();
    }
}

public static class TopicPolicies
{
    /// <summary>Refuses every request to the topic that does not arrive over TLS.</summary>
    public static void DenyInsecureTransport(this Topic topic) =>
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DenyInsecureTransport",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
        }));
}
