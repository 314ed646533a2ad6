using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Health;
using BStore.Api.Http;
using BStore.Api.Identity;
using BStore.Api.Notifications;
using BStore.Api.Orders;
using BStore.Api.Promotions;
using BStore.Api.Reviews;
using BStore.Api.Seeding;
using BStore.Api.Wishlist;
using Scalar.AspNetCore;

namespace BStore.Api.Hosting;

/// <summary>The cross-cutting set-up every BStore API process shares: configuration, AWS, JSON, errors, docs, health.</summary>
public static class ApiHosting
{
    /// <summary>Local default port (ARCHITECTURE.md); ASPNETCORE_URLS / --urls override it.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static BStoreOptions AddBStoreCore(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BStoreOptions.Section);
        builder.Services.Configure<BStoreOptions>(section);
        var settings = section.Get<BStoreOptions>() ?? new BStoreOptions();
        builder.Services.AddAwsClients(settings.Aws, settings.Job);
        builder.Services.AddSingleton(TimeProvider.System);
        return settings;
    }

    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // The local environment writes the template's settings of the function here, resolved to the emulator's resources
        // (BStore.Api seed --local-settings): below the environment, which gives what must differ locally (addresses, the
        // run's keys, the tests' limits).
        if (builder.Configuration["BSTORE_LOCAL_SETTINGS"] is { Length: > 0 } localSettings)
        {
            var sources = builder.Configuration.Sources;
            var environment = sources.Select((source, index) => (source, index)).First(s =>
                s.source is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" }).index;
            var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.GetFullPath(localSettings), Optional = false };
            file.ResolveFileProvider();
            sources.Insert(environment, file);
        }
        if (DynamoDbCallCounter.IsEnabled(builder.Configuration))
        {
            DynamoDbCallCounter.Register();
        }
        var settings = builder.AddBStoreCore();
        builder.AddRequestLimits(settings.Limits);
        builder.AddTelemetry();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, RequestJsonContext.Default);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddProblemStatusCodePages();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer(OpenApiDescriptions.DescribeDocumentAsync).AddOperationTransformer(OpenApiDescriptions.DescribeAsync));
        builder.Services.AddHealthChecks().AddCheck<DynamoDbHealthCheck>("dynamodb");
        if (settings.Job == FunctionJob.Seeding)
        {
            // The seeding function: its health for the adapter's readiness check, and CloudFormation's seed request.
            builder.Services.AddDeploySeeding();
            return builder;
        }
        builder.Services.AddCatalog(settings.Catalog, builder.Environment);
        builder.Services.AddShopperAuthentication(settings);
        builder.Services.AddApiRateLimits(settings.Limits);
        builder.Services.AddApiCors(settings.Cors);
        builder.Services.AddCart();
        builder.Services.AddWishlist();
        builder.Services.AddNotifications(settings);
        builder.Services.AddOrders();
        builder.Services.AddPromotions();
        builder.Services.AddReviews();
        return builder;
    }

    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BStoreOptions>>().Value;
        var limits = settings.Limits;
        app.UseDynamoDbCallCounter();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        if (settings.Job == FunctionJob.Seeding)
        {
            app.UseStatusCodePages();
            app.MapHealthChecks("/health");
            return app;
        }
        app.UseApiCors(); // first, so that every answer below (413, 431, 429, 401) is readable by an allowed web origin
        app.UseRequestSizeLimits(limits);
        app.UseStatusCodePages(); // empty 404/405 answers become problem details
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: writes count per shopper, the rest per address
        app.UseApiRequestTimeouts();
        app.UseAuthorization();
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/scalar");
        }
        return app;
    }
}
