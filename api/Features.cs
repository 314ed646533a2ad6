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

namespace BStore.Api;

/// <summary>
/// The composition root: the one place that knows every feature. Hosting/ is what every process shares; it knows none
/// of them. Each feature's <c>AddXxx</c> binds and checks its own settings and registers its services and /events handlers.
/// </summary>
public static class Features
{
    /// <summary>What every process has (Hosting/), then the features of its job (<c>BStore:Job</c>).</summary>
    public static FunctionJob AddFeatures(this WebApplicationBuilder builder)
    {
        var job = builder.AddApiHosting();
        if (job == FunctionJob.Seeding)
        {
            // The seeding function's role may write the catalog: it answers nothing but CloudFormation's seed request (ADR 0016).
            builder.AddDeploySeeding();
            return job;
        }
        builder.AddCatalog();
        builder.AddClientConfig();
        builder.AddShoppers();
        builder.AddCart();
        builder.AddWishlist();
        builder.AddNotifications();
        builder.AddOrders();
        builder.AddPromotions();
        builder.AddReviews();
        return job;
    }

    public static WebApplication UseFeatures(this WebApplication app, FunctionJob job)
    {
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
        return app;
    }
}
