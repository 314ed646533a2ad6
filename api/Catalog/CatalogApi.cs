using BStore.Api.Hosting;
using BStore.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

public static class CatalogApi
{
    // The catalog changes on deploy; stock changes with orders, so product answers are kept briefly.
    private const string CategoriesCacheControl = "public, max-age=300";
    private const string ProductsCacheControl = "public, max-age=30";

    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        var (services, environment) = (builder.Services, builder.Environment);
        services.AddOptions<CatalogSettings>().Bind(builder.Configuration.GetSection(CatalogSettings.Section))
            .ValidateSettings(CatalogSettings.Section, settings => settings.Problems(environment));
        services.AddOptions<ImageSettings>().Bind(builder.Configuration.GetSection(ImageSettings.Section))
            .ValidateSettings(ImageSettings.Section, settings => settings.Problems());
        services.AddJsonTypes(CatalogJsonContext.Default);
        services.AddSingleton(sp => new CursorSecret(CursorKey(sp.GetRequiredService<IOptions<CatalogSettings>>().Value)));
        services.AddSingleton(sp => new ProductCursorCodec(sp.GetRequiredService<CursorSecret>().Key, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<ImageUrls>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var cache = app.ServiceProvider.GetRequiredService<CatalogCache>();
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(cache.Warm);
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/categories", ListCategories)
            .AllowQueryParameters()
            .WithName("ListCategories")
            .WithSummary("All categories with their product counts.");
        api.MapGet("/products", ListProducts)
            .AllowQueryParameters(ProductQuery.Parameters)
            .WithName("ListProducts")
            .WithSummary("Search, filter, sort and page through products.");
        api.MapGet("/products/{id}", GetProduct)
            .AllowQueryParameters()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetProduct")
            .WithSummary("One product with its images and availability.");
        return app;
    }

    // Warm answers come from the catalog snapshot, each serialized once per snapshot (CatalogSnapshot.Answer).
    private static async Task<CachedJsonResult<CategoryListResponse>> ListCategories(
        CatalogCache cache, CatalogStore store, ImageUrls images, TimeProvider time, CancellationToken cancellationToken)
    {
        if (cache.Current() is { } snapshot)
        {
            var kept = snapshot.Answer("categories", () => CategoriesBody(snapshot.Categories, images), SizeOf);
            return CachedJson.Ok(kept, CategoriesCacheControl, time.GetUtcNow() - snapshot.LoadedAt);
        }
        return CachedJson.Ok(CategoriesBody(await store.ListCategoriesAsync(cancellationToken), images), CategoriesCacheControl);
    }

    private static async Task<Results<CachedJsonResult<ProductPageResponse>, ValidationProblem>> ListProducts(
        [FromQuery] string? q,
        [FromQuery] string? category,
        [FromQuery] string? minPrice,
        [FromQuery] string? maxPrice,
        [FromQuery] string? sort,
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        CatalogCache cache,
        CatalogStore store,
        ProductCursorCodec cursors,
        ImageUrls images,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = ProductQuery.Parse(q, category, minPrice, maxPrice, sort, limit, cursor, errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        CursorPosition? after = null;
        if (query.Cursor is not null)
        {
            after = cursors.Decode(query.Cursor, query, out var cursorError);
            if (after is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = [cursorError!] });
            }
        }
        if (cache.Current() is { } snapshot)
        {
            // A kept page's next cursor carries the time it was first made: at most 2 × CacheSeconds off its 24-hour lifetime.
            var key = string.Join('\n', "products", query.Fingerprint(), query.Limit, after?.ProductId, after?.SortValue);
            var kept = snapshot.Answer(key, () => PageBody(snapshot.Query(query, after), query, cursors, images), SizeOf);
            return CachedJson.Ok(kept, ProductsCacheControl, time.GetUtcNow() - snapshot.LoadedAt);
        }
        var page = await store.QueryProductsAsync(query, after, cancellationToken);
        return CachedJson.Ok(PageBody(page, query, cursors, images), ProductsCacheControl);
    }

    private static int SizeOf<T>(SerializedJson<T> body) => body.Bytes.Length;

    private static SerializedJson<CategoryListResponse> CategoriesBody(IReadOnlyList<Category> categories, ImageUrls images) =>
        SerializedJson<CategoryListResponse>.Of(
            new([.. categories.Select(c => new CategoryResponse(c.Id, c.Name, c.Description, images.For(c.ImageKey), c.ProductCount))]),
            CatalogJsonContext.Default.CategoryListResponse);

    private static SerializedJson<ProductPageResponse> PageBody(
        ProductPageResult page, ProductQuery query, ProductCursorCodec cursors, ImageUrls images) =>
        SerializedJson<ProductPageResponse>.Of(
            new([.. page.Products.Select(p => Summary(p, images))], page.Next is null ? null : cursors.Encode(query, page.Next)),
            CatalogJsonContext.Default.ProductPageResponse);

    private static async Task<Results<CachedJsonResult<ProductDetailResponse>, ProblemHttpResult, ValidationProblem>> GetProduct(
        string id, CatalogStore store, ImageUrls images, CancellationToken cancellationToken)
    {
        if (!ProductQuery.IsValidId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["id must be a product id: lower-case letters, digits and single hyphens, at most 64 characters."],
            });
        }
        var product = await store.GetProductAsync(id, cancellationToken);
        if (product is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: $"There is no product with id '{id}'.");
        }
        return CachedJson.Ok(Detail(product, images), CatalogJsonContext.Default.ProductDetailResponse, ProductsCacheControl);
    }

    private static ProductSummaryResponse Summary(Product p, ImageUrls images) => new(
        p.Id, p.Name, p.Brand, p.CategoryId, p.Price, p.Currency,
        p.ImageKeys.Count > 0 ? images.For(p.ImageKeys[0]) : null,
        Availability.Of(p.Stock), Math.Max(p.Stock, 0), ProductRating.Of(p));

    private static ProductDetailResponse Detail(Product p, ImageUrls images) => new(
        p.Id, p.Name, p.Brand, p.Description, p.CategoryId, p.Price, p.Currency, p.Tags,
        [.. p.ImageKeys.Select(images.For)], Availability.Of(p.Stock), Math.Max(p.Stock, 0), p.CreatedAt, ProductRating.Of(p));

    /// <summary>The configured key (checked at start: <see cref="CatalogSettings"/>), or in Development one per process.</summary>
    private static byte[] CursorKey(CatalogSettings settings) =>
        string.IsNullOrWhiteSpace(settings.CursorKey)
            ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(CatalogSettings.MinCursorKeyBytes)
            : Convert.FromBase64String(settings.CursorKey);
}

/// <summary>The catalog's answers, source-generated (Native AOT has no reflection).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CategoryListResponse))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ProductPageResponse))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ProductDetailResponse))]
public sealed partial class CatalogJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
