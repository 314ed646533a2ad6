namespace BStore.Api.Data;

/// <summary>
/// How BStore tries again: at most <see cref="Attempts"/> tries, and before each retry a wait that doubles from
/// <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>, of which a random half is left out ("equal jitter"): writers
/// that collided do not collide again in step, and every retry still waits at least half its share.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>A read-decide-write whose conditional transaction was cancelled because the data moved: read again and retry.</summary>
    public static readonly RetryPolicy Conflicts = new(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

    /// <summary>A read DynamoDB left partly unprocessed (throttled): wait longer, since throughput comes back over time.</summary>
    public static readonly RetryPolicy Throttled = new(8, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the second attempt), given a draw in [0, 1).</summary>
    public TimeSpan DelayBefore(int retry, double draw)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (draw / 2)));
    }

    public Task WaitBeforeAsync(int retry, CancellationToken cancellationToken) =>
        Task.Delay(DelayBefore(retry, Random.Shared.NextDouble()), cancellationToken);

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its number, from 1) until it is done, waiting between attempts; when every
    /// attempt asked for another, answers <paramref name="whenExhausted"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<int, Task<Attempt<T>>> attempt, Func<T> whenExhausted, CancellationToken cancellationToken)
    {
        for (var number = 1; number <= Attempts; number++)
        {
            if (number > 1)
            {
                await WaitBeforeAsync(number - 1, cancellationToken);
            }
            if (await attempt(number) is { IsDone: true } done)
            {
                return done.Result;
            }
        }
        return whenExhausted();
    }
}

/// <summary>What one attempt came to: a result, or <see cref="Again"/> (the data moved: read it again and retry).</summary>
public readonly record struct Attempt<T>(bool IsDone, T Result)
{
    public static Attempt<T> Again => default;

    public static Attempt<T> Done(T result) => new(true, result);

    public static implicit operator Attempt<T>(T result) => new(true, result);
}
