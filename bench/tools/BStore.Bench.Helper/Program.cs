// Benchmark helper for bench/run. Two modes, each one small Kestrel server on 127.0.0.1:
//
//   standin --port P --upstream URL
//     A DynamoDB stand-in made for the benchmark, NOT an emulator. It starts in record mode: every request is
//     forwarded to the upstream (moto) and its answer is kept, keyed by X-Amz-Target + request body (or by
//     method + path for GETs such as the Cognito JWKS). POST /__standin/replay switches it to replay mode:
//     a recorded request is answered from memory with the recorded bytes; a write (TransactWriteItems, PutItem,
//     UpdateItem, DeleteItem, BatchWriteItem) is answered with the last answer recorded for that operation
//     (or {}) and changes nothing; anything else is forwarded to the upstream and counted as a miss.
//     GET /__standin/stats answers {"mode","recorded","hits","writes","misses"}.
//
//   bare --port P --body FILE --content-type TYPE
//     The baseline: answers every GET with the same bytes (those of the API's GET /api/products).
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

var options = ParseOptions(args);
var mode = args.Length > 0 ? args[0] : "";
var port = int.Parse(options.GetValueOrDefault("port", "0"), CultureInfo.InvariantCulture);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();

switch (mode)
{
    case "bare":
        var body = await File.ReadAllBytesAsync(options["body"]);
        var contentType = options.GetValueOrDefault("content-type", "application/json; charset=utf-8");
        app.Run(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        break;
    case "standin":
        var standIn = new StandIn(new Uri(options["upstream"]));
        app.Run(standIn.HandleAsync);
        break;
    default:
        await Console.Error.WriteLineAsync("usage: standin --port P --upstream URL | bare --port P --body FILE [--content-type T]");
        return 2;
}

await app.RunAsync();
return 0;

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }
    return options;
}

internal sealed record Recorded(int Status, string? ContentType, string? Crc32, byte[] Body);

internal sealed class StandIn(Uri upstream)
{
    private static readonly string[] WriteOperations = ["TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"];

    private readonly HttpClient _http = new() { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Recorded> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Recorded> _lastWrite = new(StringComparer.Ordinal);
    private volatile bool _replay;
    private long _hits;
    private long _writes;
    private long _misses;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/__standin", StringComparison.Ordinal))
        {
            await ControlAsync(context);
            return;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var key = target.Length > 0
            ? target + "\n" + Encoding.UTF8.GetString(body)
            : request.Method + " " + request.Path + request.QueryString;

        if (_replay)
        {
            if (target.Length > 0 && WriteOperations.Contains(operation, StringComparer.Ordinal))
            {
                Interlocked.Increment(ref _writes);
                await WriteAsync(context, _lastWrite.GetValueOrDefault(operation) ?? new Recorded(200, "application/x-amz-json-1.0", null, "{}"u8.ToArray()));
                return;
            }
            if (_answers.TryGetValue(key, out var answer))
            {
                Interlocked.Increment(ref _hits);
                await WriteAsync(context, answer);
                return;
            }
            Interlocked.Increment(ref _misses);
        }

        var recorded = await ForwardAsync(request, body, context.RequestAborted);
        if (!_replay && recorded.Status < 400)
        {
            _answers[key] = recorded;
            if (target.Length > 0 && WriteOperations.Contains(operation, StringComparer.Ordinal))
            {
                _lastWrite[operation] = recorded;
            }
        }
        await WriteAsync(context, recorded);
    }

    private async Task ControlAsync(HttpContext context)
    {
        if (context.Request.Path.Value!.EndsWith("/replay", StringComparison.Ordinal) && HttpMethods.IsPost(context.Request.Method))
        {
            _replay = true;
        }
        context.Response.ContentType = "application/json";
        var stats = string.Create(CultureInfo.InvariantCulture,
            $"{{\"mode\":\"{(_replay ? "replay" : "record")}\",\"recorded\":{_answers.Count},\"hits\":{Interlocked.Read(ref _hits)},\"writes\":{Interlocked.Read(ref _writes)},\"misses\":{Interlocked.Read(ref _misses)}}}");
        await context.Response.WriteAsync(stats);
    }

    private async Task<Recorded> ForwardAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        if (body.Length > 0 || !HttpMethods.IsGet(request.Method))
        {
            message.Content = new ByteArrayContent(body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }
        using var response = await _http.SendAsync(message, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var crc = response.Headers.TryGetValues("x-amz-crc32", out var crcs) ? crcs.FirstOrDefault() : null;
        return new Recorded((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), crc, bytes);
    }

    private static Task WriteAsync(HttpContext context, Recorded answer)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
        }
        if (answer.Crc32 is not null)
        {
            response.Headers["x-amz-crc32"] = answer.Crc32;
        }
        response.ContentLength = answer.Body.Length;
        return response.Body.WriteAsync(answer.Body).AsTask();
    }
}
