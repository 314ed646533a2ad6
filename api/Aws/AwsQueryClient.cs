using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;

namespace BStore.Api.Aws;

/// <summary>
/// The Query protocol (SNS, IAM, STS): a form-encoded POST naming the action and the service's API version; the answer is
/// XML, read into a typed result by the caller's reader (<see cref="QueryAnswer"/>).
/// </summary>
public sealed class AwsQueryClient(HttpClient http, AwsQueryApi api, Uri endpoint)
{
    private static readonly MediaTypeHeaderValue FormContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

    public async Task<T> CallAsync<T>(
        string action, IEnumerable<KeyValuePair<string, string>> parameters, Func<QueryAnswer, T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new("Action", action), new("Version", api.ApiVersion), .. parameters]),
        };
        request.Content.Headers.ContentType = FormContentType;
        var text = await AwsHttp.SendAsync(http, request, api.Service, action, cancellationToken);
        XElement xml;
        try
        {
            xml = XElement.Parse(text);
        }
        catch (XmlException)
        {
            throw AwsHttp.Malformed(api.Service, action, $"with no XML: {(text.Length > 200 ? text[..200] : text)}");
        }
        // <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>; some actions have no result.
        var result = xml.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? new XElement(action + "Result");
        return read(new QueryAnswer(api.Service, action, result));
    }

    /// <summary>An action whose answer carries nothing the caller needs.</summary>
    public Task CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        CallAsync(action, parameters, _ => true, cancellationToken);
}

/// <summary>One element of a Query answer (the action's result, or a member of a list in it), read by name in any namespace.</summary>
public sealed class QueryAnswer(AwsService service, string action, XElement element)
{
    /// <summary>This element's own text (a member of a list of strings).</summary>
    public string Value => element.Value;

    /// <summary>The text of the first element named <paramref name="name"/> below this one; its absence breaks the answer's contract.</summary>
    public string Text(string name) => OptionalText(name) ?? throw AwsHttp.Malformed(service, action, $"without {name}.");

    public string? OptionalText(string name) => element.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The members of the list <paramref name="name"/> (&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;).</summary>
    public IReadOnlyList<QueryAnswer> Members(string name) =>
        [.. element.Descendants().Where(e => e.Name.LocalName == name).Take(1).Elements().Where(e => e.Name.LocalName == "member")
            .Select(member => new QueryAnswer(service, action, member))];

    /// <summary>The map <paramref name="name"/> (&lt;name&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;…&lt;/name&gt;).</summary>
    public IReadOnlyDictionary<string, string> Map(string name) =>
        element.Descendants().Where(e => e.Name.LocalName == name).Take(1).Elements().Where(e => e.Name.LocalName == "entry")
            .Select(entry => new QueryAnswer(service, action, entry))
            .ToDictionary(entry => entry.Text("key"), entry => entry.OptionalText("value") ?? "", StringComparer.Ordinal);
}
