using System.Text.RegularExpressions;
using BStore.Api.Data;

namespace BStore.Api.Workflows;

/// <summary>
/// The Step Functions definitions (Amazon States Language files next to this one), filled in with the names of the
/// resources they use. One source for both the CDK app, which passes deploy-time references, and the local
/// environment, which passes the emulator's names. No AWS SDK types here: the CDK app links this file.
/// </summary>
public static partial class WorkflowDefinitions
{
    /// <summary>The UserActivity stream records that start the activity workflow: activity events as they are inserted.</summary>
    public const string ActivityEventFilter = """{"eventName":["INSERT"],"dynamodb":{"Keys":""" + EventKeys + "}}";

    /// <summary>The UserActivity stream records that start the order workflow: each order.placed event as it is inserted.</summary>
    public const string OrderPlacedFilter =
        """{"eventName":["INSERT"],"dynamodb":{"Keys":""" + EventKeys + ""","NewImage":{"type":{"S":["order.placed"]}}}}""";

    private const string EventKeys = "{\"" + UserActivityKeys.SortKey + "\":{\"S\":[{\"prefix\":\"" + UserActivityKeys.EventPrefix + "\"}]}}";

    /// <summary>A window whose sender never closed it (a failed execution) is taken over this long after it opened.</summary>
    public const int StaleWindowGraceSeconds = 120;

    public static string ActivityNotifications(string userActivityTable, string shopperEmailsTopicArn, int emailWindowSeconds) =>
        Fill("ActivityNotifications.asl.json", new Dictionary<string, string>
        {
            ["UserActivityTable"] = userActivityTable,
            ["ShopperEmailsTopic"] = shopperEmailsTopicArn,
            ["EmailWindowSeconds"] = emailWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WindowStaleSeconds"] = (emailWindowSeconds + StaleWindowGraceSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>The order lifecycle; <paramref name="orderStepsFunction"/> is the API function (an alias ARN in AWS) that runs each step.</summary>
    public static string OrderLifecycle(string orderStepsFunction, OrderWaits waits) =>
        Fill("OrderLifecycle.asl.json", new Dictionary<string, string>
        {
            ["OrderStepsFunction"] = orderStepsFunction,
            ["PackSeconds"] = waits.PackSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ShipSeconds"] = waits.ShipSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DeliverSeconds"] = waits.DeliverSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static string Fill(string file, IReadOnlyDictionary<string, string> values)
    {
        using var stream = typeof(WorkflowDefinitions).Assembly.GetManifestResourceStream("BStore.Workflows." + file)
            ?? throw new InvalidOperationException($"The workflow definition {file} is not embedded in {typeof(WorkflowDefinitions).Assembly.GetName().Name}.");
        var text = new StreamReader(stream).ReadToEnd();
        return Placeholder().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"{file} uses ${{{match.Groups[1].Value}}}, which has no value."));
    }

    // ${Name}; CDK tokens look like ${Token[...]} and are left alone.
    [GeneratedRegex(@"\$\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>How long an order waits before each step after payment: seconds locally, hours or days in AWS.</summary>
public sealed record OrderWaits(int PackSeconds, int ShipSeconds, int DeliverSeconds);
