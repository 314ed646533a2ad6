namespace BStore.Api.Hosting;

public static partial class ApiCors
{
    public static IServiceCollection AddApiCors(this IServiceCollection services, CorsSettings cors) =>
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(cors.AllowedOrigins)
            .WithMethods(Methods)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(PreflightMaxAge)));
}
