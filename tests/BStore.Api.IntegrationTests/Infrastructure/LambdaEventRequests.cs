using System.Text;
using BStore.Api.Hosting;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>
/// POST /events as the emulator sends it: application/json with the run's token (moto_launcher.py item 4), to the API
/// process (Lambda's own events never come through API Gateway, whose local gateway answers /events 404).
/// </summary>
public static class LambdaEventRequests
{
    public static Task<HttpResponseMessage> PostAsync(
        BStoreFixture fixture, string body, HttpClient? api = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, LambdaEvents.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(LambdaEvents.TokenHeader, fixture.LambdaEventsToken);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return (api ?? fixture.ApiDirect).SendAsync(request);
    }
}
