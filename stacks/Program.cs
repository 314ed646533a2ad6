using Amazon.CDK;
using BStore.Stacks;

// cdk synth / diff / deploy -c stage=<dev|prod> [-c apiPackage=artifacts/lambda/api]
var app = new App();
var stage = app.Node.TryGetContext("stage") as string ?? "dev";
var root = Repository.Root();
try
{
    var config = StageConfig.Load(Path.Combine(root, "stacks", "config"), stage);
    var package = ApiPackage.Locate(root, app.Node.TryGetContext("apiPackage") as string);
    var stack = new BStoreStack(app, $"BStore-{stage}", new BStoreStackProps(config, package, Path.Combine(root, "seed-data")));
    if (package.IsPlaceholder)
    {
        Annotations.Of(stack).AddWarning(
            $"No API package at {package.Requested}: synthesized with a placeholder, which CloudFormation will refuse to deploy. Deploy with scripts/deploy, which builds it.");
    }
    app.Synth();
    return 0;
}
catch (StageConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
