namespace BStore.Api.Hosting;

/// <summary>
/// CORS for the web build of the app: only the origins in BStore:Cors:AllowedOrigins, with the methods the API
/// serves, the request headers the app sends and the response headers it must read. Tokens travel in the
/// Authorization header, never in cookies, so credentials are not allowed. In AWS the HTTP API answers CORS itself:
/// the stacks compile this file and give API Gateway the same lists (stacks/Constructs/Api.cs).
/// </summary>
public static partial class ApiCors
{
    public static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE"];
    public static readonly string[] RequestHeaders = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"];
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After"];
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);
}
