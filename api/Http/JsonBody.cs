using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BStore.Api.Http;

/// <summary>
/// Reads a JSON request body with the endpoint's source-generated type. Anything wrong is a 4xx problem that
/// names the field: not JSON (415), too large (413), malformed, mistyped or unknown fields (400).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as application/json."));
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }
        try
        {
            await using var limited = new LimitedStream(request.Body, MaxBytes);
            var value = await JsonSerializer.DeserializeAsync(limited, typeInfo, cancellationToken);
            return value is null ? (null, Invalid("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (LimitedStream.TooLargeException)
        {
            return (null, TooLarge());
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Invalid(field, JsonErrors.Describe(e)));
        }
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body may be at most {MaxBytes} bytes.");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    /// <summary>Stops reading past a limit even when the client sent no Content-Length (chunked).</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public sealed class TooLargeException : Exception;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = await inner.ReadAsync(buffer, cancellationToken);
            _read += count;
            return _read > limit ? throw new TooLargeException() : count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
