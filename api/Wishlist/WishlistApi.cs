using System.Text.Json;
using System.Text.Json.Serialization;
using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BStore.Api.Wishlist;

public sealed record WishlistItemResponse(
    string ProductId, string? Name, string? Brand, decimal? Price, string? Currency, string? ImageUrl, string Availability, DateTimeOffset AddedAt);

public sealed record WishlistResponse(IReadOnlyList<WishlistItemResponse> Items);

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WishlistResponse))]
public sealed partial class WishlistJsonContext : JsonSerializerContext;

public static class WishlistApi
{
    public static IHostApplicationBuilder AddWishlist(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJsonTypes(WishlistJsonContext.Default);
        builder.Services.AddSingleton<WishlistStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWishlistApi(this IEndpointRouteBuilder app)
    {
        var wishlist = app.MapGroup("/api/wishlist").WithTags("Wishlist").RequireAuthorization(Shopper.Policy);
        wishlist.MapGet("/", GetWishlist).AllowQueryParameters().WithName("GetWishlist").WithSummary("The shopper's wishlist, newest first.");
        wishlist.MapPut("/{productId}", Add).AllowQueryParameters().WithName("AddToWishlist")
            .WithSummary("Add a product (idempotent).").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        wishlist.MapDelete("/{productId}", Remove).AllowQueryParameters().WithName("RemoveFromWishlist")
            .WithSummary("Remove a product (idempotent).");
        wishlist.MapPost("/{productId}/move-to-cart", MoveToCart).AllowQueryParameters().WithName("MoveWishlistItemToCart")
            .WithSummary("Move a product from the wishlist into the cart (one more of it).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<WishlistResponse>> GetWishlist(
        HttpContext context, WishlistStore wishlists, CatalogStore catalog, ImageUrls images, CancellationToken cancellationToken)
    {
        var entries = await wishlists.ReadAsync(Shopper.IdOf(context.User), cancellationToken);
        var products = await catalog.LookupAsync(entries.Select(e => e.ProductId), cancellationToken);
        return TypedResults.Ok(new WishlistResponse([.. entries.Select(e => products.TryGetValue(e.ProductId, out var p)
            ? new WishlistItemResponse(p.Id, p.Name, p.Brand, p.Price, p.Currency, p.ImageKeys.Count > 0 ? images.For(p.ImageKeys[0]) : null,
                Availability.Of(p.Stock), e.AddedAt)
            : new WishlistItemResponse(e.ProductId, null, null, null, null, null, "unavailable", e.AddedAt))]));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Add(string productId, HttpContext context, WishlistStore wishlists, CatalogStore catalog, CancellationToken cancellationToken)
    {
        if (CartApi.InvalidProductId(productId) is { } invalid)
        {
            return invalid;
        }
        if (!(await catalog.LookupAsync([productId], cancellationToken)).ContainsKey(productId))
        {
            return TypedResults.Problem(statusCode: 404, title: "Product not found", detail: $"There is no product with id '{productId}'.");
        }
        var userId = Shopper.IdOf(context.User);
        if (await wishlists.CountAsync(userId, cancellationToken) >= WishlistStore.MaxEntries &&
            !(await wishlists.ReadAsync(userId, cancellationToken)).Any(e => e.ProductId == productId))
        {
            return TypedResults.Problem(statusCode: 409, title: "Wishlist is full", detail: $"A wishlist holds at most {WishlistStore.MaxEntries} products.");
        }
        await wishlists.AddAsync(userId, productId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem>> Remove(string productId, HttpContext context, WishlistStore wishlists, CancellationToken cancellationToken)
    {
        if (CartApi.InvalidProductId(productId) is { } invalid)
        {
            return invalid;
        }
        await wishlists.RemoveAsync(Shopper.IdOf(context.User), productId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CartLineChangeResponse>, ValidationProblem, ProblemHttpResult>> MoveToCart(
        string productId, HttpContext context, CartStore carts, CancellationToken cancellationToken)
    {
        if (CartApi.InvalidProductId(productId) is { } invalid)
        {
            return invalid;
        }
        var write = await carts.MoveFromWishlistAsync(Shopper.IdOf(context.User), productId, WishlistStore.Key(productId), cancellationToken);
        return CartApi.Succeeded(write) ? CartApi.Changed(write, productId, context.Response) : CartApi.Problem(write, productId);
    }
}
