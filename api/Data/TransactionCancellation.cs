using Amazon.DynamoDBv2.Model;

namespace BStore.Api.Data;

/// <summary>Why DynamoDB cancelled a TransactWriteItems: one reason per item, in the order the items were sent.</summary>
public static class TransactionCancellation
{
    public const string ConditionalCheckFailed = "ConditionalCheckFailed";
    public const string TransactionConflict = "TransactionConflict";

    /// <summary>The reason code of the item at <paramref name="index"/>; null when DynamoDB gave none for it.</summary>
    public static string? ReasonAt(this TransactionCanceledException e, int index) =>
        e.CancellationReasons is { } reasons && index < reasons.Count ? reasons[index].Code : null;

    public static bool ConditionFailedAt(this TransactionCanceledException e, int index) => e.ReasonAt(index) == ConditionalCheckFailed;

    /// <summary>
    /// The data moved between the read and the write: an item's condition failed, or another transaction touched an item.
    /// Without reasons (an older emulator or SDK) a cancellation is taken for one.
    /// </summary>
    public static bool IsRace(this TransactionCanceledException e) =>
        e.CancellationReasons?.Any(r => r.Code is ConditionalCheckFailed or TransactionConflict) ?? true;
}
