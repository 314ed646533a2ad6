using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Configuration;
using BStore.Api.Hosting;
using BStore.Api.Identity;
using BStore.Api.Notifications;
using BStore.Api.Orders;
using BStore.Api.Promotions;
using BStore.Api.Reviews;
using BStore.Api.Seeding;
using BStore.Api.Wishlist;

// The composition root: the one place that knows every feature. Hosting/ is what every process shares and knows none.
if (args is ["seed", .. var seedArgs])
{
    return await SeedCommand.RunAsync(seedArgs);
}

var builder = WebApplication.CreateSlimBuilder(args);
var job = builder.AddApiHosting();
if (job == FunctionJob.Seeding)
{
    // The seeding function's role may write the catalog: it answers nothing but CloudFormation's seed request (ADR 0016).
    builder.AddDeploySeeding();
}
else
{
    builder.AddCatalog();
    builder.AddClientConfig();
    builder.AddShoppers();
    builder.AddCart();
    builder.AddWishlist();
    builder.AddNotifications();
    builder.AddOrders();
    builder.AddPromotions();
    builder.AddReviews();
}

var app = builder.Build();
app.UseApiPipeline(job);
if (job == FunctionJob.Api)
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
