using System.Text.Json;
using System.Text.Json.Serialization;
using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BStore.Api.Promotions;

/// <summary>What a promo code would take off the caller's cart now; <c>reason</c> says why it would not apply.</summary>
public sealed record PromotionPreviewResponse(
    string Code, string Description, string Kind, decimal Value, bool Applicable, string? Reason,
    decimal Subtotal, decimal Discount, decimal Total, string? Currency);

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PromotionPreviewResponse))]
public sealed partial class PromotionsJsonContext : JsonSerializerContext;

public static class PromotionsApi
{
    public static IHostApplicationBuilder AddPromotions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJsonTypes(PromotionsJsonContext.Default);
        builder.Services.AddSingleton<PromotionStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPromotionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/promotions").WithTags("Promotions").RequireAuthorization(Shopper.Policy)
            .MapGet("/{code}", Preview).AllowQueryParameters().WithName("PreviewPromotion")
            .WithSummary("Preview a promo code on the caller's cart: the discount and total it would give, or why it does not apply.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<PromotionPreviewResponse>, ValidationProblem, ProblemHttpResult>> Preview(
        string code, HttpContext context, PromotionStore promotions, CartStore carts, CatalogStore catalog, ImageUrls images, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (PromotionItems.Normalize(code) is not { } normalized)
        {
            return JsonBody.Invalid("code", "code must be 3 to 20 letters and digits.");
        }
        var userId = Shopper.IdOf(context.User);
        var (promotion, uses) = await promotions.GetAsync(userId, normalized, cancellationToken);
        if (promotion is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown promo code", detail: $"There is no promo code {normalized}.");
        }
        var cart = await CartApi.PriceAsync(await carts.ReadAsync(userId, cancellationToken), catalog, images, cancellationToken);
        var reason = promotion.WhyNot(cart.Subtotal, uses, time.GetUtcNow());
        var discount = reason is null ? promotion.DiscountOn(cart.Subtotal) : 0m;
        return TypedResults.Ok(new PromotionPreviewResponse(promotion.Code, promotion.Description, promotion.Kind, promotion.Value,
            reason is null, reason, cart.Subtotal, discount, cart.Subtotal - discount, cart.Currency));
    }
}
