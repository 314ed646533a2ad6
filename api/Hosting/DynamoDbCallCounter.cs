using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BStore.Api.Hosting;

/// <summary>
/// Counts the requests each HTTP request sends to DynamoDB, in the SDK's own pipeline after its retry handler (so
/// a retried call counts each attempt), and reports the count in the <see cref="Header"/> response header. Only
/// when <c>BStore:Diagnostics:CountDynamoDbCalls</c> is on (tests and benchmarks): the round-trip budgets of
/// docs/data-model.md are checked with it.
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
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = tally.Count.ToString(CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    private sealed class Tally
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
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

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Current.Value?.Add();
            return base.InvokeAsync<T>(executionContext);
        }
    }
}
