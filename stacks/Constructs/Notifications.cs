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
            EnforceSSL = true,
        });
    }
}
