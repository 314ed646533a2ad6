using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

public enum CatalogFreshness { Fresh, CheckStamp, Stale, Unusable }

/// <summary>
/// The catalog in memory (<see cref="CatalogSnapshot"/>), so that browsing makes no DynamoDB call. The rule:
/// <list type="bullet">
/// <item>a snapshot answers for <c>CacheSeconds</c>; after that the next request starts a reload in the background and
/// is still answered from it, and from twice that age it is not used at all (the caller reads DynamoDB);</item>
/// <item>the seeder's stamp (<see cref="CatalogVersionItem"/>) is checked every <c>StampCheckSeconds</c> in the
/// background, and a new stamp means a reload: products and prices of a seed are seen within that time;</item>
/// <item>stock and ratings in a snapshot may be up to <c>CacheSeconds</c> old, so nothing is decided on them alone:
/// cart writes read stock consistently, checkout is conditioned on current stock and price, and a refusal that a
/// snapshot suggests is confirmed by a consistent read (<see cref="CatalogStore"/>).</item>
/// </list>
/// Reloads run off the request (a request never waits for one) and one at a time.
/// </summary>
public sealed class CatalogCache(
    IAmazonDynamoDB dynamoDb, IOptions<CatalogSettings> settings, IOptions<TableNameSettings> tables, TimeProvider time, ILogger<CatalogCache> logger)
{
    private readonly CatalogSettings _settings = settings.Value;
    private readonly TableNameSettings _tables = tables.Value;
    private CatalogSnapshot? _snapshot;
    private long _stampCheckedAtTicks;
    private int _refreshing;

    public static CatalogFreshness Judge(DateTimeOffset? loadedAt, DateTimeOffset stampCheckedAt, DateTimeOffset now, CatalogSettings settings)
    {
        if (loadedAt is not { } loaded || settings.CacheSeconds <= 0)
        {
            return CatalogFreshness.Unusable;
        }
        var age = now - loaded;
        var lifetime = TimeSpan.FromSeconds(settings.CacheSeconds);
        if (age >= 2 * lifetime)
        {
            return CatalogFreshness.Unusable;
        }
        if (age >= lifetime)
        {
            return CatalogFreshness.Stale;
        }
        return now - stampCheckedAt >= TimeSpan.FromSeconds(settings.StampCheckSeconds) ? CatalogFreshness.CheckStamp : CatalogFreshness.Fresh;
    }

    /// <summary>The snapshot to answer from, or null when there is none young enough (then read DynamoDB).</summary>
    public CatalogSnapshot? Current()
    {
        if (_settings.CacheSeconds <= 0)
        {
            return null;
        }
        var snapshot = Volatile.Read(ref _snapshot);
        var stampCheckedAt = new DateTimeOffset(Interlocked.Read(ref _stampCheckedAtTicks), TimeSpan.Zero);
        switch (Judge(snapshot?.LoadedAt, stampCheckedAt, time.GetUtcNow(), _settings))
        {
            case CatalogFreshness.Fresh:
                return snapshot;
            case CatalogFreshness.CheckStamp:
                StartRefresh(onlyIfStampChanged: true);
                return snapshot;
            case CatalogFreshness.Stale:
                StartRefresh(onlyIfStampChanged: false);
                return snapshot;
            default:
                StartRefresh(onlyIfStampChanged: false);
                return null;
        }
    }

    /// <summary>Starts reading the catalog in the background, so that the first requests after start-up find it.</summary>
    public void Warm()
    {
        if (_settings.CacheSeconds > 0)
        {
            StartRefresh(onlyIfStampChanged: false);
        }
    }

    private void StartRefresh(bool onlyIfStampChanged)
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }
        // Not the request's work: its DynamoDB call count, cancellation and trace stay its own.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RefreshAsync(onlyIfStampChanged));
        }
    }

    private async Task RefreshAsync(bool onlyIfStampChanged)
    {
        try
        {
            var started = time.GetUtcNow();
            // The stamp is read before the tables: a seed that lands during the reads writes a newer stamp after its
            // items, which the next check sees.
            var stamp = await ReadStampAsync();
            Interlocked.Exchange(ref _stampCheckedAtTicks, started.UtcTicks);
            if (onlyIfStampChanged && Volatile.Read(ref _snapshot)?.Stamp == stamp)
            {
                return;
            }
            var categories = dynamoDb.ScanAllAsync(_tables.Category, CancellationToken.None);
            var products = dynamoDb.ScanAllAsync(_tables.Products, CancellationToken.None);
            var snapshot = CatalogSnapshot.Build(stamp, started, await categories, await products);
            Volatile.Write(ref _snapshot, snapshot);
            logger.LogDebug("Catalog snapshot {Stamp} read: {Products} products", stamp, snapshot.ProductCount);
        }
        catch (Exception e)
        {
            // Requests go on with the snapshot they have, or with DynamoDB; the next request tries again.
            logger.LogWarning(e, "Reading the catalog snapshot failed");
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<string> ReadStampAsync()
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Products, Key = CatalogVersionItem.Key, ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item && item.TryGetValue(CatalogVersionItem.Version, out var version)
            ? version.S
            : CatalogVersionItem.None;
    }
}
