using System.Text.Json;
using System.Text.Json.Serialization;
using BStore.Api.Catalog;

namespace BStore.Api.Reviews;

/// <summary>A shopper's review of a product: rating 1–5, a title (required) and a body (may be empty), plain text.</summary>
public sealed record ReviewRequest(int? Rating, string? Title, string? Body);

/// <summary>
/// A review as anyone sees it. The reviewer is shown by <c>displayName</c> only (derived from the first part of their email
/// address, or "Shopper"), never by email or id.
/// </summary>
public sealed record ReviewResponse(
    string ProductId,
    string DisplayName,
    int Rating,
    string Title,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool VerifiedPurchase);

/// <summary>A page of a product's reviews, newest first, with the product's rating over all its reviews.</summary>
public sealed record ReviewPageResponse(IReadOnlyList<ReviewResponse> Items, string? NextCursor, ProductRating Rating);

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReviewResponse))]
[JsonSerializable(typeof(ReviewPageResponse))]
public sealed partial class ReviewsJsonContext : JsonSerializerContext;

/// <summary>Request bodies, strict (<see cref="Http.JsonBody"/>): unknown fields and numbers in strings are errors.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 64)]
[JsonSerializable(typeof(ReviewRequest))]
public sealed partial class ReviewsRequestJsonContext : JsonSerializerContext;
