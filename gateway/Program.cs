using System.Text.Json.Nodes;
using BStore.LocalGateway;

// The local API Gateway: the HTTP API of the stage template (default: the committed dev snapshot) on the API's public
// address, in front of the API process. Settings (command line --Gateway:Template=..., or environment Gateway__Template):
//   Gateway:Template       the synthesized stage template
//   Gateway:Upstream       the API process, e.g. http://127.0.0.1:5081
//   Gateway:LocalSettings  the file the set-up step (apphost/LocalAws) writes with the emulator's user pool and app client (BStore:Cognito:*)
//   Gateway:Region         the region the template's pseudo parameters stand for locally (default us-east-1)
//   Gateway:ExtraCorsOrigins__N  origins allowed besides the template's (a web build on another port than the template's)
var builder = WebApplication.CreateSlimBuilder(args);
var settings = builder.Configuration.GetSection("Gateway");
if (settings["LocalSettings"] is { Length: > 0 } localSettings)
{
    builder.Configuration.AddJsonFile(localSettings, optional: false);
}
var template = JsonNode.Parse(File.ReadAllText(Required("Template")))!.AsObject();
var cognito = builder.Configuration.GetSection("BStore:Cognito");
var values = new TemplateValues(template, settings["Region"] ?? "us-east-1", cognito["UserPoolId"] ?? Missing("BStore:Cognito:UserPoolId"),
    cognito["ClientId"] ?? Missing("BStore:Cognito:ClientId"));
var api = HttpApiDefinition.FromTemplate(template, values);
if (api.Cors is { } cors && settings.GetSection("ExtraCorsOrigins").Get<string[]>() is { Length: > 0 } extraOrigins)
{
    api = api with { Cors = cors with { AllowOrigins = [.. cors.AllowOrigins, .. extraOrigins] } };
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1; // header bytes pass through unchanged
    kestrel.Limits.MaxRequestBodySize = null; // the gateway applies Lambda's payload limit itself (413)
});
builder.Services.AddHttpForwarder();
builder.Services.AddSingleton(api);
builder.Services.AddSingleton(new RouteTable(api.Routes));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(services => new JwtAuthorizer(new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
    new Uri(cognito["Endpoint"] ?? Missing("BStore:Cognito:Endpoint")), services.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ApiGateway>(services, new Uri(Required("Upstream"))));

var app = builder.Build();
var gateway = app.Services.GetRequiredService<ApiGateway>();
app.Logger.LogInformation("{Routes} routes from {Template} in front of {Upstream}", api.Routes.Count, settings["Template"], settings["Upstream"]);
app.Run(gateway.HandleAsync); // every request, terminal
app.Run();

string Required(string name) => settings[name] is { Length: > 0 } value ? value : Missing($"Gateway:{name}");
static string Missing(string name) => throw new InvalidOperationException($"The local gateway needs {name}.");
