using System.Collections.Frozen;

namespace BStore.Api.Http;

/// <summary>Rejects query strings with parameters an endpoint does not know or with a parameter given twice.</summary>
public static class QueryStringRules
{
    public static RouteHandlerBuilder AllowQueryParameters(this RouteHandlerBuilder endpoint, params string[] allowed)
    {
        var known = allowed.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return endpoint
            .AddEndpointFilter(async (context, next) =>
            {
                var errors = Check(context.HttpContext.Request.Query, known);
                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await next(context);
            })
            .ProducesValidationProblem();
    }

    public static Dictionary<string, string[]> Check(IQueryCollection query, FrozenSet<string> known)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (!known.Contains(name))
            {
                errors[Shorten(name)] = [known.Count == 0
                    ? "This endpoint takes no query parameters."
                    : $"Unknown query parameter. Allowed: {string.Join(", ", known.Order(StringComparer.Ordinal))}."];
            }
            else if (values.Count > 1)
            {
                errors[name] = ["Give this parameter at most once."];
            }
        }
        return errors;
    }

    // An attacker-chosen parameter name is echoed back; keep it short.
    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64];
}
