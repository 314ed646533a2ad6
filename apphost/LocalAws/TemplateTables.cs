using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace BStore.LocalAws;

/// <summary>
/// The DynamoDB tables the synthesized template defines (AWS::DynamoDB::Table: keys, attribute types, indexes and their
/// projections, billing mode, stream, TTL), as CreateTable requests for the emulator. A table is named as the local
/// environment names it: the setting the API function's environment gives it (<see cref="TemplateRole.LocalPhysicalIds"/>),
/// else its TableName, else its logical id. Properties with no local effect (point-in-time recovery, encryption,
/// deletion protection, tags) are left out.
/// </summary>
public static class TemplateTables
{
    public sealed record LocalTable(CreateTableRequest Request, string? TimeToLiveAttribute);

    public static IReadOnlyList<LocalTable> ForFunction(JsonObject template, string functionPrefix, IReadOnlyDictionary<string, string> localSettings)
    {
        var names = TemplateRole.LocalPhysicalIds(template, functionPrefix, localSettings);
        return [.. TemplateRole.Resources(template)
            .Where(r => TemplateRole.Type(r.Value) == "AWS::DynamoDB::Table")
            .Select(r => ToLocal(names.GetValueOrDefault(r.Key) ?? r.Value!["Properties"]?["TableName"]?.GetValue<string>() ?? r.Key, r.Value!["Properties"]!))];
    }

    private static LocalTable ToLocal(string name, JsonNode table)
    {
        var onDemand = table["BillingMode"]?.GetValue<string>() == "PAY_PER_REQUEST";
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED,
            ProvisionedThroughput = onDemand ? null : Throughput(table["ProvisionedThroughput"]),
            AttributeDefinitions = [.. Items(table["AttributeDefinitions"]).Select(a => new AttributeDefinition(
                a["AttributeName"]!.GetValue<string>(), new ScalarAttributeType(a["AttributeType"]!.GetValue<string>())))],
            KeySchema = KeySchema(table["KeySchema"]),
            GlobalSecondaryIndexes = table["GlobalSecondaryIndexes"] is null ? null : [.. Items(table["GlobalSecondaryIndexes"]).Select(i => new GlobalSecondaryIndex
            {
                IndexName = i["IndexName"]!.GetValue<string>(),
                KeySchema = KeySchema(i["KeySchema"]),
                Projection = Projection(i["Projection"]),
                ProvisionedThroughput = onDemand ? null : Throughput(i["ProvisionedThroughput"]),
            })],
            LocalSecondaryIndexes = table["LocalSecondaryIndexes"] is null ? null : [.. Items(table["LocalSecondaryIndexes"]).Select(i => new LocalSecondaryIndex
            {
                IndexName = i["IndexName"]!.GetValue<string>(),
                KeySchema = KeySchema(i["KeySchema"]),
                Projection = Projection(i["Projection"]),
            })],
            StreamSpecification = table["StreamSpecification"]?["StreamViewType"]?.GetValue<string>() is { } view
                ? new StreamSpecification { StreamEnabled = true, StreamViewType = new StreamViewType(view) }
                : null,
        };
        var ttl = table["TimeToLiveSpecification"] is { } spec && spec["Enabled"]?.GetValue<bool>() == true ? spec["AttributeName"]!.GetValue<string>() : null;
        return new LocalTable(request, ttl);
    }

    private static IEnumerable<JsonNode> Items(JsonNode? array) => (array?.AsArray() ?? []).OfType<JsonNode>();

    private static List<KeySchemaElement> KeySchema(JsonNode? keys) =>
        [.. Items(keys).Select(k => new KeySchemaElement(k["AttributeName"]!.GetValue<string>(), new KeyType(k["KeyType"]!.GetValue<string>())))];

    private static Projection Projection(JsonNode? projection) => new()
    {
        ProjectionType = new ProjectionType(projection?["ProjectionType"]?.GetValue<string>() ?? "KEYS_ONLY"),
        NonKeyAttributes = projection?["NonKeyAttributes"] is { } attributes ? [.. Items(attributes).Select(a => a.GetValue<string>())] : null,
    };

    private static ProvisionedThroughput? Throughput(JsonNode? throughput) => throughput is null ? null : new ProvisionedThroughput(
        ReadNumber(throughput["ReadCapacityUnits"]), ReadNumber(throughput["WriteCapacityUnits"]));

    private static long ReadNumber(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<long>(out var number) ? number : long.Parse(value!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
