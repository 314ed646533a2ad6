namespace BStore.Api.Orders;

/// <summary><c>BStore:Orders</c>, local environment only (AWS takes them from stacks/config): the order workflow's waits after payment.</summary>
public sealed class OrderSettings
{
    public const string Section = "BStore:Orders";

    /// <summary>The longest wait stacks/config allows (StageConfig): a week.</summary>
    private const int MaxWaitSeconds = 604800;

    public int PackSeconds { get; set; } = 10;
    public int ShipSeconds { get; set; } = 10;
    public int DeliverSeconds { get; set; } = 10;

    internal IEnumerable<string?> Problems() =>
        new[] { (nameof(PackSeconds), PackSeconds), (nameof(ShipSeconds), ShipSeconds), (nameof(DeliverSeconds), DeliverSeconds) }
            .Select(wait => wait.Item2 is < 0 or > MaxWaitSeconds ? $"{wait.Item1} must be from 0 to {MaxWaitSeconds}." : null);
}
