using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BStore.Api.Hosting;

/// <summary>
/// Counts the requests each HTTP request sends to DynamoDB, in the SDK's own pipeline after its retry handler (so
/// a retried call counts each attempt), and reports the count in the <see cref="Header"/> response header. Only
/// when <c>BStore:Diagnostics:CountDynamoDbCalls</c> is on (tests and benchmarks): the round-trip budgets of
/// docs/data-model.md are checked with it. It also splits the request's time in a <c>Server-Timing</c> header:
/// <c>dynamodb</c> (time inside those calls, each attempt as the SDK pipeline runs it after its retry handler) and <c>app</c> (the
/// rest, up to the response's headers): bench/run reads a cart write's own overhead from <c>app</c>.
/// </summary>
public static class DynamoDbCallCounter
{
    public const string Header = "X-DynamoDB-Calls";

    private static readonly AsyncLocal<Tally?> Current = new();
    private static int _registered;

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>("BStore:Diagnostics:CountDynamoDbCalls");

    /// <summary>Adds the counting handler to every DynamoDB client made from now on (the SDK's registry is process-wide).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            RuntimePipelineCustomizerRegistry.Instance.Register(new Customizer());
        }
    }

    public static WebApplication UseDynamoDbCallCounter(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }
        app.Use(async (context, next) =>
        {
            var tally = new Tally();
            Current.Value = tally;
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                var total = Stopwatch.GetElapsedTime(started);
                context.Response.Headers[Header] = tally.Count.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
                    $"app;dur={(total - tally.Time).TotalMilliseconds:F3}, dynamodb;dur={tally.Time.TotalMilliseconds:F3}");
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    private sealed class Tally
    {
        private int _count;
        private long _ticks;

        public int Count => Volatile.Read(ref _count);

        public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public void Add() => Interlocked.Increment(ref _count);

        public void AddTime(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);
    }

    private sealed class Customizer : IRuntimePipelineCustomizer
    {
        public string UniqueName => "BStore.DynamoDbCallCounter";

        public void Customize(Type type, RuntimePipeline pipeline)
        {
            if (typeof(AmazonDynamoDBClient).IsAssignableFrom(type))
            {
                pipeline.AddHandlerAfter<RetryHandler>(new CountingHandler());
            }
        }
    }

    private sealed class CountingHandler : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            Current.Value?.Add();
            base.InvokeSync(executionContext);
        }

        public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            var tally = Current.Value;
            tally?.Add();
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await base.InvokeAsync<T>(executionContext);
            }
            finally
            {
                tally?.AddTime(Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
