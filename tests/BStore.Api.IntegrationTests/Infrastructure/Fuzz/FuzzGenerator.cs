using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace BStore.Api.IntegrationTests.Infrastructure.Fuzz;

/// <summary>
/// The ids a lane's requests draw their valid values from. Only <see cref="CartProducts"/> can reach a cart (and so a
/// checkout): products the lane owns, so the seeded catalog's stock stays as it was.
/// </summary>
public sealed record FuzzPools(
    IReadOnlyList<string> CartProducts,
    IReadOnlyList<string> CatalogProducts,
    IReadOnlyList<string> OrderIds,
    IReadOnlyList<string> EventIds,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> PromoCodes)
{
    /// <summary>Stands for the lane's latest placed order in a path; replaced when the request is sent.</summary>
    public const string LatestOrder = "LATEST-ORDER";
}

/// <summary>
/// Generates requests for the operations of the OpenAPI document: valid, boundary and invalid values for every
/// path, query, header and body field (by the schema's types, and by the field's name where that says more), malformed
/// JSON, wrong content types and methods, oversized bodies and headers, unicode and control characters, lone
/// surrogates, duplicated parameters and missing or bad credentials.
/// </summary>
public sealed class FuzzGenerator(IReadOnlyList<OpenApiOperation> operations)
{
    /// <summary>Kestrel's default limit on the request line; longer ones are refused before the API runs (414).</summary>
    private const int RequestLineLimit = 8 * 1024;

    /// <summary>The request of case <paramref name="index"/>: a function of the case's random source alone.</summary>
    public Gen<FuzzRequest> Case(int index, FuzzPools pools) => new GenFrom<FuzzRequest>(pcg => Build(index, new Draw(pcg), pools));

    private FuzzRequest Build(int index, Draw draw, FuzzPools pools)
    {
        var operation = draw.Pick(operations);
        var mutations = new List<string>();
        string? wireLevel = null;
        // A share of the cases is valid throughout, so that the paths behind validation (checkouts, reviews, cancels) run too.
        var clean = draw.Chance(0.3);
        var hostile = clean ? 0.0 : 1.0;

        var method = operation.Method;
        if (draw.Chance(0.03 * hostile))
        {
            method = draw.Pick<string>(["PATCH", "OPTIONS", "TRACE", "HEAD", operation.Method == "GET" ? "POST" : "GET"]);
            mutations.Add($"method {method} instead of {operation.Method}");
        }

        // Path parameters.
        var path = operation.Fill(name =>
        {
            if (clean || draw.Chance(0.75))
            {
                return Encode(ValidPathValue(draw, operation, name, pools));
            }
            var value = draw.Chance(0.15) ? new string('a', draw.Pick<int>([65, 2000, 9000])) : FuzzValues.AnyEncoded(draw);
            mutations.Add($"path {name} hostile");
            return value;
        });

        // Query parameters: the declared ones, plus unknown, duplicated and malformed ones.
        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (!draw.Chance(0.45) || (clean && parameter.Name == "cursor"))
            {
                continue;
            }
            var valid = clean || draw.Chance(0.6);
            var value = valid ? Encode(ValidQueryValue(draw, parameter.Name, pools)) : FuzzValues.AnyEncoded(draw);
            query.Add($"{parameter.Name}={value}");
            if (!valid)
            {
                mutations.Add($"query {parameter.Name} hostile");
            }
            if (draw.Chance(0.08 * hostile))
            {
                query.Add($"{(draw.Chance(0.5) ? parameter.Name : parameter.Name.ToUpperInvariant())}={Encode(ValidQueryValue(draw, parameter.Name, pools))}");
                mutations.Add($"query {parameter.Name} twice");
            }
        }
        if (draw.Chance(0.06 * hostile))
        {
            query.Add($"{FuzzValues.Encode(draw.Pick<string>(["userId", "debug", "limit", "q", "x", "", "é", "\u0000", "a[]", "__proto__"]))}={FuzzValues.AnyEncoded(draw)}");
            mutations.Add("query unknown parameter");
        }
        if (draw.Chance(0.03 * hostile))
        {
            query.Add(draw.Pick<string>(["", "&", "=", "==", "a", "%", "%zz=1", "=x", "a=%ZZ", "a=1=2", ";", "a;b=c"]));
            mutations.Add("query malformed");
        }
        var pathAndQuery = query.Count > 0 ? $"{path}?{string.Join('&', query)}" : path;
        if (pathAndQuery.Length + method.Length + 12 > RequestLineLimit)
        {
            wireLevel = "request line over Kestrel's 8 KB limit";
        }
        if (path.Contains("%00", StringComparison.Ordinal))
        {
            wireLevel = "NUL in the path";
        }

        // Credentials.
        var auth = clean ? FuzzAuth.Shopper : draw.Weighted<FuzzAuth>(
            (150, () => FuzzAuth.Shopper),
            (10, () => FuzzAuth.None),
            (4, () => FuzzAuth.Garbage),
            (4, () => FuzzAuth.TamperedSignature),
            (4, () => FuzzAuth.ForgedBystanderSub),
            (2, () => FuzzAuth.BearerWithoutToken),
            (2, () => FuzzAuth.Basic),
            (1, () => FuzzAuth.Oversized));
        if (auth != FuzzAuth.Shopper)
        {
            mutations.Add($"credentials {auth}");
        }

        // Headers the API reads (drawn here by hand, with values the document cannot describe), and a few it should ignore.
        var headers = new List<(string, string)>();
        var placesOrder = operation.Method == "POST" && operation.PathTemplate == "/api/orders";
        if (placesOrder ? draw.Chance(0.92) : draw.Chance(0.03))
        {
            var (key, note) = clean ? ($"fuzz-case-{index}", null) : IdempotencyKey(draw, index);
            headers.Add(("Idempotency-Key", key));
            if (note is not null)
            {
                mutations.Add($"Idempotency-Key {note}");
            }
            if (draw.Chance(0.04 * hostile))
            {
                headers.Add(("Idempotency-Key", "second-key"));
                mutations.Add("Idempotency-Key twice");
            }
        }
        if (draw.Chance((operation.PathTemplate.StartsWith("/api/cart", StringComparison.Ordinal) ? 0.2 : 0.03) * hostile))
        {
            headers.Add(("If-Match", draw.Pick<string>(["\"0\"", "\"1\"", "\"2\"", "3", "W/\"1\"", "*", "\"-1\"", "\"99999999999999999999\"", "\"\"", "\"abc\"", "\"1\", \"2\"", " ", "\"1"])));
            mutations.Add("If-Match");
        }
        if (draw.Chance((operation.Method == "GET" ? 0.08 : 0.02) * hostile))
        {
            headers.Add(("If-None-Match", draw.Pick<string>(["*", "\"abc\"", "W/\"abc\"", "\"\"", "garbage", "\"a\", *", new string('"', 41)])));
            mutations.Add("If-None-Match");
        }
        if (draw.Chance(0.1 * hostile))
        {
            headers.Add(("Accept", draw.Pick<string>(["application/xml", "text/html", "*/*", "application/problem+json", "garbage/", ";;;", "application/json; q=0"])));
            mutations.Add("Accept");
        }
        if (draw.Chance(0.03 * hostile))
        {
            var (name, value) = draw.Pick<(string, string)>([
                ("X-Forwarded-For", "127.0.0.1, ::1, garbage"), ("X-Forwarded-Proto", "gopher"), ("X-HTTP-Method-Override", "DELETE"),
                ("x-amzn-request-context", "{\"http\":{}}"), ("Cookie", "a=b; userId=x"), ("Accept-Language", "zz-ZZ;q=abc"),
                ("Range", "bytes=0-1"), ("Expect", "100-continue"), ("X-Big", new string('h', 12_000)),
            ]);
            headers.Add((name, value));
            mutations.Add($"header {name}");
        }
        if (draw.Chance(0.01 * hostile))
        {
            headers.Add(("X-Unicode", draw.Pick<string>(["café", "漢字", "😀"])));
            mutations.Add("non-ASCII header value");
            wireLevel = "a non-ASCII header value";
        }
        if (draw.Chance(0.005 * hostile))
        {
            for (var i = 0; i < 5; i++)
            {
                headers.Add(($"X-Filler-{i}", new string('f', 8_000)));
            }
            mutations.Add("headers over 32 KB");
            wireLevel = "request headers over Kestrel's 32 KB limit";
        }

        // Body.
        byte[]? body = null;
        string? contentType = null;
        var chunked = false;
        var hasBody = operation.RequestBodySchema is not null ? !draw.Chance(0.04 * hostile) : draw.Chance(0.08 * hostile);
        if (!hasBody && operation.RequestBodySchema is not null)
        {
            mutations.Add("no body");
        }
        if (hasBody)
        {
            var schema = operation.RequestBodySchema ?? default;
            var document = schema.ValueKind == JsonValueKind.Undefined ? new FuzzObject([("x", new FuzzRaw("1"))]) : Value(draw, operation, schema, "body", pools, 0, clean);
            if (schema.ValueKind == JsonValueKind.Undefined)
            {
                mutations.Add("body on an operation that takes none");
            }
            else if (draw.Chance(0.55 * hostile))
            {
                var count = draw.Int(1, 3);
                for (var i = 0; i < count; i++)
                {
                    document = Mutate(draw, document, mutations);
                }
            }
            body = clean ? Encoding.UTF8.GetBytes(document.ToString()) : Bytes(draw, document, mutations);
            contentType = clean ? "application/json" : draw.Weighted<string?>(
                (80, () => "application/json"),
                (4, () => "application/json; charset=utf-8"),
                (2, () => "application/problem+json"),
                (2, () => "APPLICATION/JSON"),
                (2, () => "text/plain"),
                (1, () => "application/x-www-form-urlencoded"),
                (1, () => "multipart/form-data; boundary=xyz"),
                (1, () => "application/xml"),
                (1, () => "application/json; charset=utf-16"),
                (1, () => "application/json;;;=="),
                (1, () => "*/*"),
                (2, () => null));
            if (contentType != "application/json")
            {
                mutations.Add($"Content-Type {contentType ?? "none"}");
            }
            if (draw.Chance(0.08 * hostile))
            {
                chunked = true;
                mutations.Add("chunked");
            }
        }
        if (mutations.Count == 0)
        {
            mutations.Add(clean ? "valid" : "valid by chance");
        }
        return new FuzzRequest(index, operation.Name, method, pathAndQuery, auth, headers, body, contentType, chunked, mutations, wireLevel);
    }

    private static string Encode(string value) => FuzzValues.Encode(value);

    private static string ValidPathValue(Draw draw, OpenApiOperation operation, string name, FuzzPools pools)
    {
        var template = operation.PathTemplate;
        if (name == "code")
        {
            return draw.Pick(pools.PromoCodes);
        }
        if (template.StartsWith("/api/orders", StringComparison.Ordinal))
        {
            return draw.Chance(0.8) ? draw.Pick(pools.OrderIds) : WellFormedId(draw);
        }
        if (template.StartsWith("/api/notifications", StringComparison.Ordinal))
        {
            return draw.Chance(0.8) ? draw.Pick(pools.EventIds) : WellFormedId(draw);
        }
        if (template.StartsWith("/api/products", StringComparison.Ordinal))
        {
            return draw.Chance(0.9) ? draw.Pick(pools.CatalogProducts) : draw.From(FuzzValues.Slug);
        }
        // Cart and wishlist: the lane's own products only, and ids of no product.
        return draw.Chance(0.9) ? CartProduct(draw, pools) : "no-such-product-" + draw.Int(0, 9);
    }

    /// <summary>Mostly the first (the one in plenty), so that carts fill and checkouts go through.</summary>
    private static string CartProduct(Draw draw, FuzzPools pools) => draw.Chance(0.6) ? pools.CartProducts[0] : draw.Pick(pools.CartProducts);

    private static string WellFormedId(Draw draw) =>
        $"{draw.Int(1_700_000_000, 1_800_000_000)}{draw.Int(100, 999)}-{draw.From(Gen.ULong):x16}";

    private static string ValidQueryValue(Draw draw, string name, FuzzPools pools) => name switch
    {
        "limit" => draw.Pick<string>(["1", "2", "5", "20", "50", "100"]),
        "cursor" => draw.Chance(0.5)
            ? Jwt.Base64Url(Encoding.ASCII.GetBytes(draw.Pick(draw.Chance(0.5) ? pools.OrderIds : pools.EventIds)))
            : Jwt.Base64Url(draw.From(FuzzValues.Bytes)),
        "sort" => draw.Pick<string>(["name", "price_asc", "price_desc", "newest", "rating"]),
        "category" => draw.Pick(pools.Categories),
        "minPrice" or "maxPrice" => draw.Pick<string>(["0", "5", "10.5", "20", "49.99", "100", "1000"]),
        "q" => draw.Pick<string>(["serum", "rose oil", "VITAMIN", "crème", "sh", "a b c", "lip", "zzzz"]),
        _ => draw.From(FuzzValues.Slug),
    };

    private static (string Key, string? Note) IdempotencyKey(Draw draw, int index) => draw.Weighted<(string, string?)>(
        // A few shared keys, so retries with the same and with another body happen.
        (6, () => ($"fuzz-key-{draw.Int(1, 6)}", null)),
        (6, () => ($"fuzz-case-{index}", null)),
        (1, () => (new string('k', 64), "64 characters")),
        (1, () => (new string('k', 65), "65 characters")),
        (1, () => ("", "empty")),
        (1, () => (draw.Pick<string>(["a b", "a/b", "ключ", "a\u0001b", "k;k", "\"k\"", "-", "_", "k*"]), "invalid characters")));

    /// <summary>A value for <paramref name="schema"/>, valid as far as the schema and the field's name tell.</summary>
    private static FuzzJson Value(Draw draw, OpenApiOperation operation, JsonElement schema, string name, FuzzPools pools, int depth, bool clean)
    {
        schema = operation.Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > 6)
        {
            return new FuzzRaw("null");
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var choices = options.EnumerateArray().Select(operation.Resolve).ToList();
                var concrete = choices.Where(c => !IsNullOnly(c)).ToList();
                return Value(draw, operation, concrete.Count > 0 && (clean || draw.Chance(0.95)) ? draw.Pick(concrete) : draw.Pick(choices), name, pools, depth, clean);
            }
        }
        var types = Types(schema);
        var key = name.ToLowerInvariant();
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var members = new List<(string, FuzzJson)>();
            var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : [];
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    // Required by the document only because it is not nullable; optional in practice when nullable.
                    var nullable = Types(operation.Resolve(property.Value)).Contains("null");
                    var include = Essential.Contains(property.Name) ? (clean ? 1.0 : 0.95)
                        : required.Contains(property.Name) && !nullable ? 0.98
                        : OptionalChance(property.Name);
                    if (draw.Chance(include))
                    {
                        members.Add((property.Name, Value(draw, operation, property.Value, property.Name, pools, depth + 1, clean)));
                    }
                }
            }
            return new FuzzObject(members);
        }
        if (types.Contains("array"))
        {
            var count = draw.Weighted<int>((3, () => draw.Int(1, 3)), (1, () => 0), (1, () => draw.Int(4, 12)));
            var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : default;
            return new FuzzList([.. Enumerable.Range(0, count).Select(_ => Value(draw, operation, items, key, pools, depth + 1, clean))]);
        }
        if (types.Contains("integer"))
        {
            return new FuzzRaw(key switch
            {
                "quantity" => draw.Weighted<int>((8, () => draw.Int(1, 3)), (1, () => 0), (1, () => 99)).ToString(CultureInfo.InvariantCulture),
                "rating" => draw.Int(1, 5).ToString(CultureInfo.InvariantCulture),
                _ => draw.Int(0, 100).ToString(CultureInfo.InvariantCulture),
            });
        }
        if (types.Contains("number"))
        {
            return new FuzzRaw(draw.Pick<string>(["0", "1", "12.5", "99.99"]));
        }
        if (types.Contains("boolean"))
        {
            return new FuzzRaw(draw.Chance(0.5) ? "true" : "false");
        }
        if (types.Contains("string"))
        {
            return new FuzzText(key switch
            {
                "productid" or "items" => draw.Chance(0.9) ? CartProduct(draw, pools) : "no-such-product",
                "promocode" => draw.Pick(pools.PromoCodes),
                "paymentmethod" => draw.Weighted<string>((7, () => "pm_card_visa"), (2, () => "pm_card_chargeDeclined"), (1, () => "pm_card_visa_debit")),
                "fullname" => draw.Pick<string>(["Ana Lima", "Zoë Ørsted", "李小龙", "O'Brien-Smith"]),
                "line1" => draw.Pick<string>(["12 Rue des Fleurs", "1 Main St", "Straße 5"]),
                "line2" => draw.Pick<string>(["Apt 3", "", "c/o Ana"]),
                "city" => draw.Pick<string>(["Lyon", "São Paulo", "New York"]),
                "region" => draw.Pick<string>(["Rhône", "NY", ""]),
                "postalcode" => draw.Pick<string>(["69001", "10001", "SW1A 1AA"]),
                "country" => draw.Pick<string>(["FR", "US", "GB", "BR"]),
                "phone" => draw.Pick<string>(["+33 4 00 00 00 00", "+1-212-555-0100", "0400000000"]),
                "title" => draw.Pick<string>(["Lovely", "Not for me", "Ça va", new string('t', 120)]),
                "body" => draw.Pick<string>(["", "Works well.", "Line one.\nLine two.", new string('b', 4000)]),
                _ => draw.From(FuzzValues.Printable),
            });
        }
        return new FuzzRaw("null");
    }

    /// <summary>Fields the document marks as nullable (so not required) that a valid request needs all the same.</summary>
    private static readonly HashSet<string> Essential =
        ["shippingAddress", "fullName", "line1", "city", "postalCode", "country", "items", "productId", "quantity", "rating", "title", "body", "enabled"];

    private static double OptionalChance(string property) => property switch
    {
        "promoCode" => 0.25,
        "paymentMethod" => 0.4,
        _ => 0.6,
    };

    private static bool IsNullOnly(JsonElement schema) => Types(schema) is ["null"];

    private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type)
        ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];

    /// <summary>One change to a valid document: a field replaced by a hostile value, removed, repeated, added, or nested deep.</summary>
    private static FuzzJson Mutate(Draw draw, FuzzJson document, List<string> mutations)
    {
        var objects = new List<(FuzzObject Object, string Path)>();
        Collect(document, "$", objects);
        if (objects.Count == 0)
        {
            mutations.Add("body replaced by a hostile value");
            return HostileValue(draw);
        }
        var (target, path) = draw.Pick(objects);
        var members = target.Members;
        var kind = draw.Int(0, members.Count == 0 ? 1 : 9);
        switch (kind)
        {
            case 0:
                {
                    var name = draw.Pick<string>(["price", "userId", "stock", "id", "isAdmin", "__proto__", "", "é", "\u0000", "quantity", "Quantity", new string('k', 300)]);
                    members.Add((name, HostileValue(draw)));
                    mutations.Add($"unknown field {FuzzRequest.Shown(name, 20)} at {path}");
                    break;
                }
            case 1:
                                {
                    var depth = draw.Pick<int>([33, 65, 200, 1000]);
                    members.Add(("deep", new FuzzRaw(new string('[', depth) + new string(']', depth))));
                }
                mutations.Add($"deeply nested array at {path}");
                break;
            case 2:
                {
                    var i = draw.Int(0, members.Count - 1);
                    mutations.Add($"removed {path}.{members[i].Key}");
                    members.RemoveAt(i);
                    break;
                }
            case 3:
                {
                    var i = draw.Int(0, members.Count - 1);
                    members.Add((members[i].Key, HostileValue(draw)));
                    mutations.Add($"duplicate key {path}.{members[i].Key}");
                    break;
                }
            default:
                {
                    var i = draw.Int(0, members.Count - 1);
                    members[i] = (members[i].Key, HostileValue(draw));
                    mutations.Add($"{path}.{members[i].Key} = {FuzzRequest.Shown(members[i].Value.ToString(), 40)}");
                    break;
                }
        }
        return document;
    }

    private static void Collect(FuzzJson node, string path, List<(FuzzObject, string)> objects)
    {
        switch (node)
        {
            case FuzzObject o:
                objects.Add((o, path));
                foreach (var (key, value) in o.Members)
                {
                    Collect(value, $"{path}.{key}", objects);
                }
                break;
            case FuzzList l:
                for (var i = 0; i < l.Items.Count; i++)
                {
                    Collect(l.Items[i], $"{path}[{i}]", objects);
                }
                break;
        }
    }

    private static FuzzJson HostileValue(Draw draw) => draw.Weighted<FuzzJson>(
        (4, () => new FuzzRaw(FuzzValues.Number(draw))),
        (4, () => new FuzzText(FuzzValues.Any(draw))),
        (1, () => new FuzzText(FuzzValues.Any(draw), RawControls: true)),
        (2, () => new FuzzRaw(draw.Pick<string>(["null", "true", "false", "[]", "{}", "[null]", "[1,2]", "{\"a\":1}", "\"\""]))),
        (1, () => new FuzzText(new string('z', draw.Pick<int>([121, 4001, 15_000, 40_000])))),
        (1, () => new FuzzList([.. Enumerable.Range(0, draw.Pick<int>([50, 101, 2000])).Select(_ => (FuzzJson)new FuzzObject([("productId", new FuzzText("a-b")), ("quantity", new FuzzRaw("1"))]))])));

    /// <summary>The document's bytes, or something worse: truncated, padded, mis-encoded, not JSON at all.</summary>
    private static byte[] Bytes(Draw draw, FuzzJson document, List<string> mutations)
    {
        var json = document.ToString();
        var utf8 = new UTF8Encoding(false, false);
        return draw.Weighted<byte[]>(
            (80, () => utf8.GetBytes(json)),
            (3, () =>
            {
                mutations.Add("truncated JSON");
                return utf8.GetBytes(json[..draw.Int(0, Math.Max(0, json.Length - 1))]);
            }),
            (2, () =>
            {
                mutations.Add("random bytes");
                return draw.From(FuzzValues.Bytes);
            }),
            (2, () =>
            {
                var text = draw.Pick<string>(["", " ", "null", "[]", "\"\"", "0", "{}{}", "{", "}", "{'a':1}", "{\"a\":1,}", "{\"a\":1 /* c */}", "quantity=1", "<x/>", "\u0000"]);
                mutations.Add($"body {FuzzRequest.Shown(text, 20)}");
                return utf8.GetBytes(text);
            }),
            (1, () =>
            {
                mutations.Add("BOM then JSON");
                return [0xEF, 0xBB, 0xBF, .. utf8.GetBytes(json)];
            }),
            (1, () =>
            {
                mutations.Add("UTF-16 JSON");
                return Encoding.Unicode.GetBytes(json);
            }),
            (1, () =>
            {
                mutations.Add("invalid UTF-8 inside the JSON");
                var bytes = utf8.GetBytes(json).ToList();
                bytes.InsertRange(Math.Min(bytes.Count, Math.Max(1, bytes.Count / 2)), draw.Pick<byte[]>([[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80]]));
                return [.. bytes];
            }),
            (2, () =>
            {
                var size = draw.Pick<int>([16 * 1024 + 1, 64 * 1024, 256 * 1024, 1024 * 1024]);
                mutations.Add($"padded to {size} bytes");
                var padded = new byte[Math.Max(size, json.Length + 2)];
                var bytes = utf8.GetBytes(json);
                Array.Fill(padded, (byte)' ');
                bytes.AsSpan(0, Math.Max(0, bytes.Length - 1)).CopyTo(padded);
                padded[^1] = bytes.Length > 0 ? bytes[^1] : (byte)' ';
                return padded;
            }));
    }
}
