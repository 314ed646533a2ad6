using BStore.Api;
using BStore.Api.Seeding;

if (args is ["seed", .. var seedArgs])
{
    return await SeedCommand.RunAsync(seedArgs);
}

var builder = WebApplication.CreateSlimBuilder(args);
var job = builder.AddFeatures();
var app = builder.Build();
app.UseFeatures(job);
app.Run();
return 0;
