using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Configuration;
using BStore.Api.Hosting;
using BStore.Api.Notifications;
using BStore.Api.Orders;
using BStore.Api.Promotions;
using BStore.Api.Reviews;
using BStore.Api.Seeding;
using BStore.Api.Wishlist;
using Microsoft.Extensions.Options;

if (args is ["seed", .. var seedArgs])
{
    return await SeedCommand.RunAsync(seedArgs);
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddApiServices();

var app = builder.Build();
app.UseApiPipeline();
if (app.Services.GetRequiredService<IOptions<BStoreOptions>>().Value.Job == FunctionJob.Api)
{
    app.MapCatalogApi();
    app.MapClientConfigApi();
    app.MapCartApi();
    app.MapWishlistApi();
    app.MapNotificationsApi();
    app.MapOrdersApi();
    app.MapPromotionsApi();
    app.MapReviewsApi();
}
app.MapLambdaEvents();
app.Run();
return 0;
