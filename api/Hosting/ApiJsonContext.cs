using System.Text.Json.Serialization;
using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Configuration;
using BStore.Api.Notifications;
using BStore.Api.Seeding;
using BStore.Api.Wishlist;
using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Hosting;

/// <summary>Source-generated JSON for every type the API reads or writes (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CategoryListResponse))]
[JsonSerializable(typeof(ProductPageResponse))]
[JsonSerializable(typeof(ProductDetailResponse))]
[JsonSerializable(typeof(ClientConfigResponse))]
[JsonSerializable(typeof(DeploySeedingResponse))]
[JsonSerializable(typeof(CartResponse))]
[JsonSerializable(typeof(CartLineChangeResponse))]
[JsonSerializable(typeof(MergeCartResponse))]
[JsonSerializable(typeof(WishlistResponse))]
[JsonSerializable(typeof(NotificationPageResponse))]
[JsonSerializable(typeof(EmailPreferences))]
[JsonSerializable(typeof(BStore.Api.Orders.OrderResponse))]
[JsonSerializable(typeof(BStore.Api.Orders.OrderPageResponse))]
[JsonSerializable(typeof(BStore.Api.Orders.OrderStepResult))]
[JsonSerializable(typeof(BStore.Api.Promotions.PromotionPreviewResponse))]
[JsonSerializable(typeof(BStore.Api.Reviews.ReviewResponse))]
[JsonSerializable(typeof(BStore.Api.Reviews.ReviewPageResponse))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(List<BStore.Api.Orders.CheckoutLineProblem>))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
