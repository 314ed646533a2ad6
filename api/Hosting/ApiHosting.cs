using BStore.Api.Data;
using BStore.Api.Health;
using BStore.Api.Http;
using Scalar.AspNetCore;

namespace BStore.Api.Hosting;

/// <summary>
/// The set-up every BStore process shares, whatever features it serves: configuration, AWS, JSON, errors, limits, docs,
/// health. It knows no feature: Program.cs adds them.
/// </summary>
public static class ApiHosting
{
    /// <summary>Local default port (docs/local-environment.md); ASPNETCORE_URLS / --urls override it.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Settings and clients of the deployment's AWS resources, for the API processes and the seed command; returns the job.</summary>
    public static FunctionJob AddBStoreCore(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<FunctionSettings>().Bind(configuration.GetSection(FunctionSettings.Section));
        builder.Services.AddOptions<AwsSettings>().Bind(configuration.GetSection(AwsSettings.Section))
            .ValidateSettings(AwsSettings.Section, aws => aws.Problems());
        builder.Services.AddOptions<TableNameSettings>().Bind(configuration.GetSection(TableNameSettings.Section))
            .ValidateSettings(TableNameSettings.Section, tables => tables.Problems());
        // The job decides which services exist, and the AWS clients are made for it: both are read now.
        var job = FunctionSettings.JobIn(configuration);
        builder.Services.AddAwsClients(AwsSettings.In(configuration), job);
        builder.Services.AddSingleton(TimeProvider.System);
        return job;
    }

    /// <summary>Everything an API process has whatever its job; returns the job (<c>BStore:Job</c>).</summary>
    public static FunctionJob AddApiHosting(this WebApplicationBuilder builder)
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
        var job = builder.AddBStoreCore();
        builder.AddRequestLimits();
        builder.AddTelemetry();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HostingJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddProblemStatusCodePages();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer(OpenApiDescriptions.DescribeDocumentAsync).AddOperationTransformer(OpenApiDescriptions.DescribeAsync));
        builder.Services.AddHealthChecks().AddCheck<DynamoDbHealthCheck>("dynamodb");
        if (job == FunctionJob.Api)
        {
            builder.AddApiCors();
            builder.AddApiRateLimits();
        }
        return job;
    }

    /// <summary>The JSON types of one feature's answers and bodies, for the endpoints and the OpenAPI document (Native AOT has no reflection).</summary>
    public static IServiceCollection AddJsonTypes(this IServiceCollection services, params System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver[] resolvers) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var resolver in resolvers)
            {
                o.SerializerOptions.TypeInfoResolverChain.Insert(0, resolver);
            }
        });

    public static WebApplication UseApiPipeline(this WebApplication app, FunctionJob job)
    {
        app.UseDynamoDbCallCounter();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        if (job == FunctionJob.Seeding)
        {
            app.UseStatusCodePages();
            app.MapHealthChecks("/health");
            return app;
        }
        app.UseApiCors(); // first, so that every answer below (413, 431, 429, 401) is readable by an allowed web origin
        app.UseRequestSizeLimits();
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
