using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace BStore.Api.Hosting;

public static partial class ApiCors
{
    public static IHostApplicationBuilder AddApiCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsSettings>().Bind(builder.Configuration.GetSection(CorsSettings.Section))
            .ValidateSettings(CorsSettings.Section, cors => cors.Problems());
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((options, cors) => options.AddDefaultPolicy(policy => policy
            .WithOrigins(cors.Value.AllowedOrigins)
            .WithMethods(Methods)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(PreflightMaxAge)));
        return builder;
    }

    /// <summary>
    /// The framework's CORS middleware, called directly: <c>UseCors()</c> binds its
    /// <c>Invoke(HttpContext, ICorsPolicyProvider)</c> by reflection, which under Native AOT means a reflection
    /// invoke (and its argument array) on every request.
    /// </summary>
    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var policies = services.GetRequiredService<ICorsPolicyProvider>();
        return app.Use(next =>
        {
            var cors = new CorsMiddleware(next, services.GetRequiredService<ICorsService>(), services.GetRequiredService<ILoggerFactory>());
            return context => cors.Invoke(context, policies);
        });
    }
}
