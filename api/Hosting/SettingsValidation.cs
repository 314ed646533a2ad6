using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace BStore.Api.Hosting;

/// <summary>
/// Settings are checked when the host starts (and on first use before that), so a process with a bad value stops at once
/// with a message naming the setting by its key (<c>BStore:Limits:MaxJsonDepth must be …</c>) instead of failing a
/// shopper's request later. Explicit checks rather than DataAnnotations attributes: those validate by reflection, which
/// Native AOT does not keep.
/// </summary>
public static class SettingsValidation
{
    /// <summary>
    /// Checks <typeparamref name="TSettings"/> at start with <paramref name="problems"/>: one message per problem (null
    /// when there is none), worded from the setting's name below <paramref name="section"/>, which prefixes it.
    /// </summary>
    public static OptionsBuilder<TSettings> ValidateSettings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSettings>(
        this OptionsBuilder<TSettings> settings, string section, Func<TSettings, IEnumerable<string?>> problems)
        where TSettings : class
    {
        settings.Services.AddSingleton<IValidateOptions<TSettings>>(new Validator<TSettings>(section, problems));
        return settings.ValidateOnStart();
    }

    /// <summary>An absolute http(s) URL: on Linux a rooted path such as <c>/api</c> parses as an absolute file URI.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private sealed class Validator<TSettings>(string section, Func<TSettings, IEnumerable<string?>> problems) : IValidateOptions<TSettings>
        where TSettings : class
    {
        public ValidateOptionsResult Validate(string? name, TSettings options)
        {
            var failures = problems(options).OfType<string>().Select(problem => $"{section}:{problem}").ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
