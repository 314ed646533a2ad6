namespace BStore.Api.Hosting;

/// <summary>
/// CORS for the web build of the app: only the origins in BStore:Cors:AllowedOrigins, with the methods the API
/// serves, the request headers the app sends and the response headers it must read. Tokens travel in the
/// Authorization header, never in cookies, so credentials are not allowed. In AWS the HTTP API answers CORS itself
/// from the same list (stacks/Constructs/Api.cs keeps both in step).
/// </summary>
public static class ApiCors
{
    public static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE"];
    public static readonly string[] RequestHeaders = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"];
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After"];
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    public static IServiceCollection AddApiCors(this IServiceCollection services, CorsSettings cors) =>
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(cors.AllowedOrigins)
            .WithMethods(Methods)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(PreflightMaxAge)));
}
