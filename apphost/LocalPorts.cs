namespace BStore.AppHost;

/// <summary>The fixed local addresses (docs/local-environment.md, Ports), each overridable by an environment variable.</summary>
/// <param name="Api">The API's public address: the local gateway built from the stage template.</param>
/// <param name="ApiProcess">The API process behind the gateway, as the Lambda Web Adapter reaches it in AWS.</param>
public sealed record LocalPorts(int Api, int ApiProcess, int Emulator, int Web)
{
    public const string ApiVariable = "BSTORE_API_PORT";
    public const string ApiProcessVariable = "BSTORE_API_PROCESS_PORT";
    public const string EmulatorVariable = "BSTORE_AWS_PORT";
    public const string WebVariable = "BSTORE_WEB_PORT";

    public static LocalPorts FromEnvironment() => new(
        Api: Port(ApiVariable, 5080),
        ApiProcess: Port(ApiProcessVariable, 5081),
        Emulator: Port(EmulatorVariable, 5000),
        Web: Port(WebVariable, 8081));

    private static int Port(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.TryParse(text, out var port) && port is > 0 and < 65536
                ? port
                : throw new InvalidOperationException($"{variable}='{text}' is not a TCP port.")
            : fallback;
}
