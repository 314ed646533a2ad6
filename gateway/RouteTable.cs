namespace BStore.LocalGateway;

/// <summary>
/// API Gateway's route selection for HTTP APIs: a route matches on its method (or ANY) and its path, where <c>{name}</c>
/// is one segment and a last <c>{name+}</c> the rest; of several matches the most specific wins (a literal segment over
/// a variable over a greedy one, then a method over ANY). With no <c>$default</c> route, no match means 404.
/// </summary>
public sealed class RouteTable(IEnumerable<RouteDefinition> routes)
{
    private readonly RouteDefinition[] _routes = [.. routes];

    public static RouteDefinition Parse(string routeKey, JwtAuthorizerDefinition? authorizer)
    {
        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || routeKey[(space + 1)..] is not ['/', ..] path)
        {
            throw new InvalidOperationException($"Route key '{routeKey}' is not 'METHOD /path' (a $default route is not supported locally).");
        }
        return new RouteDefinition(routeKey, routeKey[..space], path[1..].Split('/'), authorizer);
    }

    /// <summary>The route that takes this request, or null (API Gateway answers 404 Not Found).</summary>
    public RouteDefinition? Match(string method, string path)
    {
        if (path is not ['/', ..])
        {
            return null;
        }
        var segments = path[1..].Split('/');
        RouteDefinition? best = null;
        int[]? bestScore = null;
        foreach (var route in _routes)
        {
            if ((route.Method != "ANY" && route.Method != method) || Score(route, segments) is not { } score)
            {
                continue;
            }
            if (bestScore is null || Compare(score, bestScore) > 0)
            {
                (best, bestScore) = (route, score);
            }
        }
        return best;
    }

    /// <summary>Per route segment: 3 literal, 2 variable, 1 greedy; last the method: 1 named, 0 ANY. Null when it does not match.</summary>
    private static int[]? Score(RouteDefinition route, string[] segments)
    {
        var score = new int[route.Segments.Count + 1];
        for (var i = 0; i < route.Segments.Count; i++)
        {
            var pattern = route.Segments[i];
            if (pattern is ['{', .., '+', '}'])
            {
                // Greedy: the rest of the path, at least one non-empty segment.
                if (i != route.Segments.Count - 1 || segments.Length <= i || segments[i..].All(s => s.Length == 0))
                {
                    return null;
                }
                score[i] = 1;
                score[^1] = route.Method == "ANY" ? 0 : 1;
                return score;
            }
            if (i >= segments.Length)
            {
                return null;
            }
            if (pattern is ['{', .., '}'])
            {
                if (segments[i].Length == 0)
                {
                    return null;
                }
                score[i] = 2;
            }
            else if (string.Equals(pattern, segments[i], StringComparison.Ordinal))
            {
                score[i] = 3;
            }
            else
            {
                return null;
            }
        }
        if (segments.Length != route.Segments.Count)
        {
            return null;
        }
        score[^1] = route.Method == "ANY" ? 0 : 1;
        return score;
    }

    private static int Compare(int[] a, int[] b)
    {
        // Segment by segment first (the method is the last entry), then the longer route (more literal path).
        for (var i = 0; i < Math.Min(a.Length, b.Length) - 1; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a[^1].CompareTo(b[^1]);
    }
}
