using BStore.Api.Catalog;
using BStore.Api.Health;
using BStore.Api.Seeding;
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
        builder.Services.AddAwsClients(settings.Aws);
        return settings;
    }

    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var settings = builder.AddBStoreCore();
        builder.AddTelemetry();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DynamoDbHealthCheck>("dynamodb");
        builder.Services.AddCatalog(settings.Catalog, builder.Environment);
        builder.Services.AddDeploySeeding();
        return builder;
    }

    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // empty 404/405 answers become problem details
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/scalar");
        }
        return app;
    }
}
