namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Waits on a condition, never a fixed time: reads until what was read satisfies it, or fails saying what it waited for.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds} s for {what}; the last read was: {value}");
            }
            await Task.Delay(200);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ReadAsync(() => Task.FromResult(condition()), done => done, what, timeout);
}
