using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Reviews;

public static class ReviewsApi
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJsonTypes(ReviewsJsonContext.Default, ReviewsRequestJsonContext.Default);
        builder.Services.AddSingleton<ReviewStore>().AddSingleton<ReviewCursorCodec>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/products/{id}/reviews").WithTags("Reviews");
        reviews.MapGet("/", List).AllowQueryParameters("cursor", "limit").WithName("ListReviews")
            .WithSummary("A product's reviews, newest first, with its rating.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var mine = reviews.MapGroup("/mine").RequireAuthorization(Shopper.Policy);
        mine.MapGet("/", GetMine).AllowQueryParameters().WithName("GetMyReview")
            .WithSummary("The shopper's own review of the product.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapPut("/", Put).AllowQueryParameters().WithName("PutMyReview")
            .WithSummary($"Review the product (rating {ReviewRules.MinRating}–{ReviewRules.MaxRating}, title up to {ReviewRules.MaxTitleLength} " +
                $"characters, body up to {ReviewRules.MaxBodyLength}, plain text), or replace your review. Only shoppers with a delivered " +
                "order containing the product may review it.")
            .Accepts<ReviewRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        mine.MapDelete("/", Delete).AllowQueryParameters().WithName("DeleteMyReview")
            .WithSummary("Delete the shopper's review; the product's rating no longer counts it.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<ReviewPageResponse>, ValidationProblem, ProblemHttpResult>> List(
        string id, [FromQuery] string? cursor, [FromQuery] string? limit,
        CatalogStore catalog, ReviewStore store, ReviewCursorCodec cursors, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }
        var (pageSize, _, problem) = IdPaging.Read(cursor: null, limit, isId: static _ => false);
        if (problem is not null)
        {
            return problem;
        }
        ReviewPosition? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = cursors.Decode(id, cursor)) is null)
        {
            return JsonBody.Invalid("cursor", "cursor is not valid for this product's reviews. Start again from the first page.");
        }
        var productTask = catalog.GetProductAsync(id, cancellationToken);
        var page = await store.ListAsync(id, pageSize, after, cancellationToken);
        if (await productTask is not { } product)
        {
            return ProductNotFound(id);
        }
        return TypedResults.Ok(new ReviewPageResponse(
            page.Reviews, page.Next is null ? null : cursors.Encode(id, page.Next), ProductRating.Of(product)));
    }

    private static async Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> GetMine(string id, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }
        return await store.GetAsync(Shopper.IdOf(context.User), id, cancellationToken) is { } review ? TypedResults.Ok(review) : NoReview();
    }

    private static async Task<Results<Created<ReviewResponse>, Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult, JsonBodyProblem>> Put(
        string id, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ReviewsRequestJsonContext.Default.ReviewRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ReviewRules.Validate(body!, errors) is not { } text)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var write = await store.PutAsync(Shopper.IdOf(context.User), id, text, cancellationToken);
        return write.Outcome switch
        {
            ReviewOutcome.Created => TypedResults.Created($"/api/products/{id}/reviews/mine", write.Review),
            ReviewOutcome.Updated => TypedResults.Ok(write.Review),
            ReviewOutcome.ProductNotFound => ProductNotFound(id),
            ReviewOutcome.NotPurchased => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a verified purchase",
                detail: "Only shoppers who received this product can review it, and none of your orders contains it."),
            ReviewOutcome.NotDelivered => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not delivered yet",
                detail: "Your order with this product has not been delivered yet. You can review it once it arrives."),
            _ => Busy(context.Response),
        };
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(string id, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }
        return await store.DeleteAsync(Shopper.IdOf(context.User), id, cancellationToken) switch
        {
            ReviewOutcome.Deleted => TypedResults.NoContent(),
            ReviewOutcome.ReviewNotFound => NoReview(),
            _ => Busy(context.Response),
        };
    }

    private static ValidationProblem? InvalidId(string id) => ProductQuery.IsValidId(id)
        ? null
        : JsonBody.Invalid("id", "id must be a product id: lower-case letters, digits and single hyphens, at most 64 characters.");

    private static ProblemHttpResult ProductNotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: $"There is no product with id '{id}'.");

    private static ProblemHttpResult NoReview() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Review not found", detail: "You have not reviewed this product.");

    private static ProblemHttpResult Busy(HttpResponse response)
    {
        response.Headers.RetryAfter = ProblemExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Reviews busy",
            detail: "Many reviews of this product are being written right now. Try again in a moment.");
    }
}
