using Amazon.CDK;
using Constructs;

namespace BStore.Stacks;

/// <summary>
/// cdk-nag suppressions, written as the resource metadata cdk-nag reads (stacks/tools/nag.mjs checks the
/// synthesized templates). Every suppression states why the rule does not apply.
/// </summary>
public static class Nag
{
    public static void Suppress(IConstruct construct, string rule, string reason, params string[] appliesTo)
    {
        var resource = construct as CfnResource ?? construct.Node.DefaultChild as CfnResource
            ?? throw new ArgumentException($"{construct.Node.Path} is not a CloudFormation resource.", nameof(construct));
        var existing = resource.GetMetadata("cdk_nag") as IDictionary<string, object>;
        var rules = existing?["rules_to_suppress"] as object[] ?? [];
        var entry = new Dictionary<string, object> { ["id"] = rule, ["reason"] = reason };
        if (appliesTo.Length > 0)
        {
            entry["applies_to"] = appliesTo;
        }
        resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = rules.Append(entry).ToArray() });
    }
}
