using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using BStore.Api.Data;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace BStore.Stacks.Constructs;

/// <summary>The three DynamoDB tables, built from api/Data/Tables.cs (docs/data-model.md).</summary>
public sealed class Data : Construct
{
    public Table Category { get; }
    public Table Products { get; }
    public Table UserActivity { get; }
    public IReadOnlyList<Table> All => [Category, Products, UserActivity];

    public Data(Construct scope, string id, StageConfig config) : base(scope, id)
    {
        Category = Create(Tables.Category, config);
        Products = Create(Tables.Products, config);
        UserActivity = Create(Tables.UserActivity, config);
    }

    private Table Create(TableDefinition definition, StageConfig config)
    {
        var table = new Table(this, definition.Name, new TableProps
        {
            PartitionKey = Key(definition.PartitionKey),
            SortKey = definition.SortKey is null ? null : Key(definition.SortKey),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            DeletionProtection = config.RetainData,
            RemovalPolicy = config.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            Stream = definition.HasStream ? StreamViewType.NEW_AND_OLD_IMAGES : null,
            TimeToLiveAttribute = definition.TimeToLiveAttribute,
        });
        foreach (var index in definition.GlobalIndexes)
        {
            table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.Name,
                PartitionKey = Key(index.PartitionKey),
                SortKey = Key(index.SortKey),
                ProjectionType = ProjectionType.ALL,
            });
        }
        return table;
    }

    private static Attribute Key(KeyAttribute key) => new()
    {
        Name = key.Name,
        Type = key.Kind == KeyKind.Number ? AttributeType.NUMBER : AttributeType.STRING,
    };
}
