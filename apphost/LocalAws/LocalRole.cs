using Amazon.Runtime;
using BStore.Api.Aws;

namespace BStore.LocalAws;

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
    public static Task<string> AccountIdAsync(AwsQueryClient sts, CancellationToken cancellationToken) =>
        sts.CallAsync("GetCallerIdentity", [], answer => answer.Text("Account"), cancellationToken);

    /// <summary>Creates the role <paramref name="name"/> that <paramref name="trustPolicy"/> lets be assumed (already there: left as it is).</summary>
    public static async Task<bool> CreateAsync(AwsQueryClient iam, string name, string trustPolicy, CancellationToken cancellationToken)
    {
        try
        {
            await iam.CallAsync("CreateRole", [new("RoleName", name), new("AssumeRolePolicyDocument", trustPolicy)], cancellationToken);
            return true;
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "EntityAlreadyExists")
        {
            return false;
        }
    }

    public static Task PutPolicyAsync(AwsQueryClient iam, string role, string policyName, string document, CancellationToken cancellationToken) =>
        iam.CallAsync("PutRolePolicy", [new("RoleName", role), new("PolicyName", policyName), new("PolicyDocument", document)], cancellationToken);

    /// <summary>Temporary credentials for the role (sts:AssumeRole).</summary>
    public static Task<Credentials> AssumeAsync(AwsQueryClient sts, string roleArn, string sessionName, TimeSpan? duration, CancellationToken cancellationToken) =>
        sts.CallAsync("AssumeRole",
            [
                new("RoleArn", roleArn), new("RoleSessionName", sessionName),
                .. duration is { } d ? [new KeyValuePair<string, string>("DurationSeconds", ((int)d.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<KeyValuePair<string, string>>(),
            ],
            answer => new Credentials(answer.Text("AccessKeyId"), answer.Text("SecretAccessKey"), answer.Text("SessionToken")), cancellationToken);

    /// <summary>Creates (or brings up to date) the role <paramref name="name"/> with exactly the policies of <paramref name="role"/>,
    /// then assumes it.</summary>
    public static async Task<Credentials> EnsureAsync(
        AwsQueryClient iam, AwsQueryClient sts, string name, string accountId, TemplateRole role, CancellationToken cancellationToken)
    {
        if (!await CreateAsync(iam, name, role.TrustPolicy.ToJsonString(), cancellationToken))
        {
            var existing = await iam.CallAsync("ListRolePolicies", [new("RoleName", name)],
                answer => answer.Members("PolicyNames").Select(member => member.Value).ToList(), cancellationToken);
            foreach (var policy in existing.Where(policy => role.Policies.All(p => p.Name != policy)))
            {
                await iam.CallAsync("DeleteRolePolicy", [new("RoleName", name), new("PolicyName", policy)], cancellationToken);
            }
        }
        foreach (var policy in role.Policies)
        {
            await PutPolicyAsync(iam, name, policy.Name, policy.Document.ToJsonString(), cancellationToken);
        }
        return await AssumeAsync(sts, $"arn:aws:iam::{accountId}:role/{name}", name, TimeSpan.FromHours(12), cancellationToken);
    }
}
