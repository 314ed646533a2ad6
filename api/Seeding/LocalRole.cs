using Amazon.Runtime;
using BStore.Api.Aws;

namespace BStore.Api.Seeding;

/// <summary>
/// A function's role made in the emulator from the template (<see cref="TemplateRole"/>), and temporary credentials for
/// it (sts:AssumeRole, as Lambda gets them): the local API calls the emulator with them, and the emulator enforces the
/// role's policies for them (apphost/emulator/moto_launcher.py, item 9), so a grant missing from the template fails
/// locally as it would in AWS.
/// </summary>
public static class LocalRole
{
    public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string SessionToken);

    /// <summary>The caller's account in the emulator: where local resources live and their ARNs name.</summary>
    public static async Task<string> AccountIdAsync(AwsServiceClient sts, CancellationToken cancellationToken) =>
        AwsServiceClient.Child(await sts.CallQueryAsync("GetCallerIdentity", [], cancellationToken), "Account")
            ?? throw new InvalidOperationException("GetCallerIdentity answered without an Account.");

    /// <summary>Creates (or brings up to date) the role <paramref name="name"/> with exactly the policies of <paramref name="role"/>,
    /// then assumes it.</summary>
    public static async Task<Credentials> EnsureAsync(
        AwsServiceClient iam, AwsServiceClient sts, string name, string accountId, TemplateRole role, CancellationToken cancellationToken)
    {
        try
        {
            await iam.CallQueryAsync("CreateRole",
                [new("RoleName", name), new("AssumeRolePolicyDocument", role.TrustPolicy.ToJsonString())], cancellationToken);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "EntityAlreadyExists")
        {
            var existing = await iam.CallQueryAsync("ListRolePolicies", [new("RoleName", name)], cancellationToken);
            foreach (var policy in existing.Descendants().Where(e => e.Name.LocalName == "member").Select(e => e.Value))
            {
                if (role.Policies.All(p => p.Name != policy))
                {
                    await iam.CallQueryAsync("DeleteRolePolicy", [new("RoleName", name), new("PolicyName", policy)], cancellationToken);
                }
            }
        }
        foreach (var policy in role.Policies)
        {
            await iam.CallQueryAsync("PutRolePolicy",
                [new("RoleName", name), new("PolicyName", policy.Name), new("PolicyDocument", policy.Document.ToJsonString())], cancellationToken);
        }
        var assumed = await sts.CallQueryAsync("AssumeRole",
            [new("RoleArn", $"arn:aws:iam::{accountId}:role/{name}"), new("RoleSessionName", name), new("DurationSeconds", "43200")],
            cancellationToken);
        string Part(string element) => AwsServiceClient.Child(assumed, element)
            ?? throw new InvalidOperationException($"AssumeRole answered without {element}.");
        return new Credentials(Part("AccessKeyId"), Part("SecretAccessKey"), Part("SessionToken"));
    }
}
