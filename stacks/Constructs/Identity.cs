using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>The Cognito user pool shoppers sign up to, and the app client of the mobile app.</summary>
public sealed class Identity : Construct
{
    public UserPool UserPool { get; }
    public UserPoolClient MobileClient { get; }

    public Identity(Construct scope, string id, StageConfig config) : base(scope, id)
    {
        UserPool = new UserPool(this, "Shoppers", new UserPoolProps
        {
            UserPoolName = $"{config.NamePrefix}-shoppers",
            SelfSignUpEnabled = true,
            SignInAliases = new SignInAliases { Email = true },
            SignInCaseSensitive = false,
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            KeepOriginal = new KeepOriginalAttrs { Email = true },
            StandardAttributes = new StandardAttributes { Email = new StandardAttribute { Required = true, Mutable = true } },
            PasswordPolicy = new PasswordPolicy
            {
                MinLength = 10,
                RequireLowercase = true,
                RequireUppercase = true,
                RequireDigits = true,
                RequireSymbols = true,
                TempPasswordValidity = Duration.Days(3),
            },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            Mfa = Mfa.OPTIONAL,
            MfaSecondFactor = new MfaSecondFactor { Otp = true, Sms = false },
            // Threat protection (advanced security) is a feature of the Plus tier only: a pool on another tier that asks
            // for it, even in AUDIT mode, fails to create. Off means no add-on at all (ADR 0014).
            AdvancedSecurityMode = config.Identity.AdvancedSecurity switch
            {
                "ENFORCED" => AdvancedSecurityMode.ENFORCED,
                "AUDIT" => AdvancedSecurityMode.AUDIT,
                _ => null,
            },
            DeletionProtection = config.RetainData,
            RemovalPolicy = config.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        // Amazon.CDK.Lib 2.160 predates feature plans (no FeaturePlan prop): set the L1 property directly. New pools
        // default to ESSENTIALS; the stage names its tier so that the template, not an account default, decides.
        ((CfnUserPool)UserPool.Node.DefaultChild!).AddPropertyOverride("UserPoolTier", config.Identity.UserPoolTier);
        if (config.Identity.AdvancedSecurity != "ENFORCED")
        {
            Nag.Suppress(UserPool, "AwsSolutions-COG3",
                $"Stage '{config.Stage}' has no real shoppers: threat protection is {config.Identity.AdvancedSecurity}, not ENFORCED, as blocking risky " +
                "sign-ins to test accounts is not worth the Plus tier's price per monthly active user; prod enforces it on the Plus tier (ADR 0014).");
        }
        Nag.Suppress(UserPool, "AwsSolutions-COG2",
            "MFA is optional, not required: shoppers may enable TOTP; forcing it on every shopper of a shop loses sign-ups.");

        MobileClient = UserPool.AddClient("MobileApp", new UserPoolClientOptions
        {
            UserPoolClientName = $"{config.NamePrefix}-mobile",
            GenerateSecret = false,
            // The app signs in with USER_PASSWORD_AUTH over TLS to Cognito until it speaks SRP (ADR 0013).
            AuthFlows = new AuthFlow { UserSrp = true, UserPassword = true },
            DisableOAuth = true,
            PreventUserExistenceErrors = true,
            EnableTokenRevocation = true,
            AccessTokenValidity = Duration.Minutes(config.Identity.AccessTokenMinutes),
            IdTokenValidity = Duration.Minutes(config.Identity.AccessTokenMinutes),
            RefreshTokenValidity = Duration.Days(config.Identity.RefreshTokenDays),
        });
    }
}
