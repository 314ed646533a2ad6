using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BStore.Api.Hosting;

public static class Telemetry
{
    public const string ServiceName = "bstore-api";

    /// <summary>
    /// Logs, traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the Aspire dashboard locally).
    /// Without one (Lambda: X-Ray traces the function, CloudWatch keeps the console log) nothing is instrumented:
    /// spans and meters nobody exports would cost every cold start about 10 ms and every request its allocations.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = NameAwsCall))
            .UseOtlpExporter();
        return builder;
    }

    // The AWS SDK calls AWS over HttpClient; name each span after the operation ("DynamoDB Query")
    // so that a request's trace reads as the list of AWS calls it made.
    private static void NameAwsCall(Activity activity, HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            var service = target[..Math.Max(dot, 0)].Split('_')[0];
            var operation = target[(dot + 1)..];
            activity.DisplayName = $"{service} {operation}";
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", operation);
        }
        else if (request.Headers.UserAgent.ToString().Contains("aws-sdk", StringComparison.OrdinalIgnoreCase))
        {
            activity.DisplayName = $"AWS {request.Method} {request.RequestUri?.AbsolutePath}";
        }
    }
}
