using System.Security.Cryptography;
using System.Text;

namespace BStore.Api.Orders;

/// <summary>What the order workflow asks a payment provider to charge. The order id is the idempotency key.</summary>
public sealed record PaymentCharge(string OrderId, decimal Amount, string Currency, string PaymentMethod);

/// <summary>The provider's answer: approved with a reference to refund later, or declined with a reason a shopper can read.</summary>
public sealed record PaymentResult(bool Approved, string Reference, string? DeclineReason = null);

/// <summary>
/// The payment provider, the one part of checkout that is truly external. Both calls must be idempotent per order:
/// the workflow retries a step whose outcome it did not see.
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken);

    Task RefundAsync(string reference, decimal amount, string currency, CancellationToken cancellationToken);
}

/// <summary>
/// A stand-in for a real provider (a fake, and said so): always available, no money moves. It follows Stripe's test
/// payment methods so a client can ask for a decline: <c>pm_card_chargeDeclined</c> and
/// <c>pm_card_chargeDeclinedInsufficientFunds</c> are declined, anything else is approved. The reference is derived
/// from the order id, so a repeated charge answers the same.
/// </summary>
public sealed class LocalPaymentGateway : IPaymentGateway
{
    public const string DefaultPaymentMethod = "pm_card_visa";

    private static readonly Dictionary<string, string> Declines = new(StringComparer.Ordinal)
    {
        ["pm_card_chargeDeclined"] = "The card was declined.",
        ["pm_card_chargeDeclinedInsufficientFunds"] = "The card has insufficient funds.",
    };

    public Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken)
    {
        var reference = "local_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(charge.OrderId)))[..24];
        return Task.FromResult(Declines.TryGetValue(charge.PaymentMethod, out var reason)
            ? new PaymentResult(false, reference, reason)
            : new PaymentResult(true, reference));
    }

    public Task RefundAsync(string reference, decimal amount, string currency, CancellationToken cancellationToken) => Task.CompletedTask;
}
