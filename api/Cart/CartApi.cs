using System.Globalization;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BStore.Api.Cart;

public static class CartApi
{
    public static IHostApplicationBuilder AddCart(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJsonTypes(CartJsonContext.Default, CartRequestJsonContext.Default);
        builder.Services.AddSingleton<CartStore>();
        return builder;
    }

    private const string IfMatchDescription =
        "The cart version (the ETag of GET /api/cart, or the version of the last change): the change is made only if the cart is still at it, else 412.";

    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization(Shopper.Policy);
        cart.MapGet("/", GetCart).AllowQueryParameters().WithName("GetCart").WithSummary("The shopper's cart, priced from the catalog now.");
        cart.MapPut("/items/{productId}", SetQuantity).AllowQueryParameters().WithName("SetCartItem")
            .WithSummary("Set a product's quantity (1–99; 0 removes it). Optional If-Match: the cart version.")
            .Accepts<SetQuantityRequest>("application/json").ReadsHeader("If-Match", IfMatchDescription).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        cart.MapDelete("/items/{productId}", RemoveItem).AllowQueryParameters().WithName("RemoveCartItem").WithSummary("Remove a product from the cart.")
            .ReadsHeader("If-Match", IfMatchDescription)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        cart.MapDelete("/", Clear).AllowQueryParameters().WithName("ClearCart").WithSummary("Empty the cart.")
            .ReadsHeader("If-Match", IfMatchDescription)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        cart.MapPost("/merge", Merge).AllowQueryParameters().WithName("MergeCart")
            .WithSummary("Add a guest cart kept on the device to the account's cart (quantities add, capped by stock and 99).")
            .Accepts<MergeCartRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<CartResponse>> GetCart(HttpContext context, CartStore carts, CatalogStore catalog, ImageUrls images, CancellationToken cancellationToken)
    {
        var stored = await carts.ReadAsync(Shopper.IdOf(context.User), cancellationToken);
        context.Response.Headers.ETag = $"\"{stored.Version.ToString(CultureInfo.InvariantCulture)}\"";
        return TypedResults.Ok(await PriceAsync(stored, catalog, images, cancellationToken));
    }

    private static async Task<Results<Ok<CartLineChangeResponse>, ValidationProblem, ProblemHttpResult, JsonBodyProblem>> SetQuantity(
        string productId, HttpContext context, CartStore carts, CancellationToken cancellationToken)
    {
        if (InvalidProductId(productId) is { } invalid)
        {
            return invalid;
        }
        if (!TryReadIfMatch(context.Request, out var expected, out var ifMatchProblem))
        {
            return ifMatchProblem!;
        }
        var (body, problem) = await JsonBody.ReadAsync(context.Request, CartRequestJsonContext.Default.SetQuantityRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Quantity is not (>= 0 and <= CartStore.MaxQuantity) || body.Quantity is null)
        {
            return JsonBody.Invalid("quantity", $"quantity must be a whole number from 0 (removes the product) to {CartStore.MaxQuantity}.");
        }
        var userId = Shopper.IdOf(context.User);
        var write = body.Quantity == 0
            ? await carts.RemoveAsync(userId, productId, expected, cancellationToken)
            : await carts.SetQuantityAsync(userId, productId, body.Quantity.Value, expected, cancellationToken);
        return Succeeded(write) ? Changed(write, productId, context.Response) : Problem(write, productId);
    }

    private static async Task<Results<Ok<CartLineChangeResponse>, ValidationProblem, ProblemHttpResult>> RemoveItem(
        string productId, HttpContext context, CartStore carts, CancellationToken cancellationToken)
    {
        if (InvalidProductId(productId) is { } invalid)
        {
            return invalid;
        }
        if (!TryReadIfMatch(context.Request, out var expected, out var problem))
        {
            return problem!;
        }
        var write = await carts.RemoveAsync(Shopper.IdOf(context.User), productId, expected, cancellationToken);
        return Succeeded(write) ? Changed(write, productId, context.Response) : Problem(write, productId);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Clear(HttpContext context, CartStore carts, CancellationToken cancellationToken)
    {
        if (!TryReadIfMatch(context.Request, out var expected, out var problem))
        {
            return problem!;
        }
        var write = await carts.ClearAsync(Shopper.IdOf(context.User), expected, cancellationToken);
        return Succeeded(write) ? WithVersion(TypedResults.NoContent(), write.Version, context.Response) : Problem(write, "");
    }

    private static async Task<Results<Ok<MergeCartResponse>, ValidationProblem, ProblemHttpResult, JsonBodyProblem>> Merge(HttpContext context, CartStore carts, CatalogStore catalog, ImageUrls images, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, CartRequestJsonContext.Default.MergeCartRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Items is null || body.Items.Count > CartStore.MaxLines)
        {
            return JsonBody.Invalid("items", $"items must be a list of at most {CartStore.MaxLines} lines.");
        }
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < body.Items.Count; i++)
        {
            var item = body.Items[i];
            if (item?.ProductId is not { } id || !ProductQuery.IsValidId(id))
            {
                errors[$"items[{i}].productId"] = ["productId must be a product id: lower-case letters, digits and single hyphens, at most 64 characters."];
            }
            else if (item.Quantity is not (>= 1 and <= CartStore.MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"quantity must be a whole number from 1 to {CartStore.MaxQuantity}."];
            }
            else
            {
                lines[id] = lines.GetValueOrDefault(id) + item.Quantity.Value; // the store caps and reports the adjustment
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var userId = Shopper.IdOf(context.User);
        var (write, unknown, adjusted) = await carts.MergeAsync(userId, lines, catalog, cancellationToken);
        if (!Succeeded(write))
        {
            return Problem(write, "");
        }
        var cart = await PriceAsync(await carts.ReadAsync(userId, cancellationToken), catalog, images, cancellationToken);
        return TypedResults.Ok(new MergeCartResponse(cart, unknown, [.. adjusted.Select(a => new MergeAdjustment(a.ProductId, a.Requested, a.Quantity))]));
    }

    public static async Task<CartResponse> PriceAsync(StoredCart stored, CatalogStore catalog, ImageUrls images, CancellationToken cancellationToken)
    {
        var products = await catalog.LookupAsync(stored.Lines.Select(l => l.ProductId), cancellationToken);
        var lines = stored.Lines.OrderBy(l => l.ProductId, StringComparer.Ordinal).Select(line =>
        {
            if (!products.TryGetValue(line.ProductId, out var p))
            {
                return new CartLineResponse(line.ProductId, null, null, null, line.Quantity, null, CartLineStatus.Unavailable, 0);
            }
            var status = line.Quantity <= p.Stock ? CartLineStatus.Ok : CartLineStatus.InsufficientStock;
            return new CartLineResponse(p.Id, p.Name, p.ImageKeys.Count > 0 ? images.For(p.ImageKeys[0]) : null, p.Price, line.Quantity,
                p.Price * line.Quantity, status, Math.Max(p.Stock, 0));
        }).ToList();
        var priced = lines.Where(l => l.Status == CartLineStatus.Ok).ToList();
        return new CartResponse(
            lines,
            priced.Sum(l => l.LineTotal!.Value),
            lines.Sum(l => l.Quantity),
            products.Values.Select(p => p.Currency).FirstOrDefault(),
            stored.Version);
    }

    public static bool Succeeded(CartWrite write) => write.Outcome is CartOutcome.Changed or CartOutcome.Unchanged;

    /// <summary>A line's change, with the cart's new version as the ETag.</summary>
    public static Ok<CartLineChangeResponse> Changed(CartWrite write, string productId, HttpResponse response) =>
        WithVersion(TypedResults.Ok(new CartLineChangeResponse(productId, write.Quantity, write.Version)), write.Version, response);

    public static ProblemHttpResult Problem(CartWrite write, string productId) => write.Outcome switch
    {
        CartOutcome.ProductNotFound => TypedResults.Problem(statusCode: 404, title: "Product not found", detail: $"There is no product with id '{productId}'."),
        CartOutcome.NotInWishlist => TypedResults.Problem(statusCode: 404, title: "Not in the wishlist", detail: $"'{productId}' is not in your wishlist."),
        CartOutcome.InsufficientStock => TypedResults.Problem(statusCode: 409, title: "Not enough stock",
            detail: $"Only {write.Available} of '{productId}' available; you asked for {write.Quantity}.",
            extensions: new Dictionary<string, object?> { ["availableQuantity"] = write.Available }),
        CartOutcome.TooManyLines => TypedResults.Problem(statusCode: 409, title: "Cart is full",
            detail: $"A cart holds at most {CartStore.MaxLines} different products."),
        CartOutcome.VersionMismatch => TypedResults.Problem(statusCode: 412, title: "Cart changed",
            detail: "The cart changed since you read it (If-Match). Read it again and retry.",
            extensions: write.Version is >= 0 ? new Dictionary<string, object?> { ["currentVersion"] = write.Version } : null),
        _ => TypedResults.Problem(statusCode: 409, title: "Cart busy", detail: "The cart is being changed from another device. Try again."),
    };

    public static ValidationProblem? InvalidProductId(string productId) =>
        ProductQuery.IsValidId(productId)
            ? null
            : JsonBody.Invalid("productId", "productId must be a product id: lower-case letters, digits and single hyphens, at most 64 characters.");

    private static TResult WithVersion<TResult>(TResult result, long? version, HttpResponse response)
    {
        if (version is not null)
        {
            response.Headers.ETag = $"\"{version.Value.ToString(CultureInfo.InvariantCulture)}\"";
        }
        return result;
    }

    /// <summary>If-Match carries a cart version ("3" or 3). Absent: last write wins per line, never a lost update.</summary>
    private static bool TryReadIfMatch(HttpRequest request, out long? version, out ValidationProblem? problem)
    {
        version = null;
        problem = null;
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return true;
        }
        var text = header.Count == 1 ? header[0]!.Trim().TrimStart('W', '/').Trim('"') : "";
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["If-Match"] = ["If-Match must be the cart version from the ETag of a cart answer, such as \"3\"."],
            });
            return false;
        }
        version = parsed;
        return true;
    }
}
