using BStore.Api.Catalog;

namespace BStore.Api.UnitTests.Catalog;

public class CatalogItemsTests
{
    private static readonly Product Cream = new(
        Id: "creme-hydratante-riche",
        Name: "Crème Hydratante Riche",
        Brand: "Lumière Lab",
        Description: "A rich night cream with shea butter and ceramides.",
        CategoryId: "skin-care",
        Price: 34.90m,
        Currency: "USD",
        Stock: 7,
        Tags: ["serum", "night-care", "vitamin-c"],
        ImageKeys: ["images/products/creme-hydratante-riche.svg", "images/products/creme-hydratante-riche-2.svg"],
        CreatedAt: new DateTimeOffset(2025, 1, 6, 9, 30, 15, TimeSpan.Zero));

    [Fact]
    public void NewItem_then_ToProduct_gives_the_product_back()
    {
        var item = ProductItem.NewItem(Cream, "Skin Care");

        var product = ProductItem.ToProduct(item);

        product.Should().BeEquivalentTo(Cream);
        product.Price.Should().Be(34.90m);
        product.CreatedAt.Should().BeExactly(new DateTimeOffset(2025, 1, 6, 9, 30, 15, TimeSpan.Zero));
        product.Tags.Should().Equal("serum", "night-care", "vitamin-c");
        product.ImageKeys.Should().Equal("images/products/creme-hydratante-riche.svg", "images/products/creme-hydratante-riche-2.svg");
    }

    [Fact]
    public void A_product_without_tags_round_trips()
    {
        var bare = Cream with { Tags = [], Stock = 0, Price = 1m };

        ProductItem.ToProduct(ProductItem.NewItem(bare, "Skin Care")).Should().BeEquivalentTo(bare);
    }

    [Fact]
    public void CreatedAt_in_another_offset_is_stored_in_utc_and_keeps_its_instant()
    {
        var paris = Cream with { CreatedAt = new DateTimeOffset(2025, 1, 6, 10, 30, 15, TimeSpan.FromHours(1)) };

        var item = ProductItem.NewItem(paris, "Skin Care");

        item[ProductItem.CreatedAt].S.Should().Be("2025-01-06T09:30:15Z");
        ProductItem.ToProduct(item).CreatedAt.Should().Be(paris.CreatedAt);
    }

    [Fact]
    public void NewItem_stores_scalars_with_their_dynamodb_types()
    {
        var item = ProductItem.NewItem(Cream, "Skin Care");

        item[ProductItem.Id].S.Should().Be("creme-hydratante-riche");
        item[ProductItem.Price].N.Should().Be("34.90");
        item[ProductItem.Stock].N.Should().Be("7");
        item[ProductItem.Currency].S.Should().Be("USD");
        item[ProductItem.Tags].L.Select(v => v.S).Should().Equal("serum", "night-care", "vitamin-c");
    }

    [Fact]
    public void CatalogAttributes_never_contains_stock()
    {
        var attributes = ProductItem.CatalogAttributes(Cream, "Skin Care");

        attributes.Should().NotContainKey("stock");
        attributes.Should().NotContainKey(ProductItem.Stock);
        attributes.Keys.Should().BeEquivalentTo(
            "id", "name", "brand", "description", "categoryId", "price", "currency", "tags", "images", "createdAt",
            "listing", "nameKey", "searchText");
        ProductItem.NewItem(Cream, "Skin Care").Keys.Should().Contain("stock").And.HaveCount(attributes.Count + 1);
    }

    [Fact]
    public void SearchText_holds_the_folded_words_between_spaces()
    {
        var searchText = ProductItem.SearchTextOf(Cream, "Skin Care");

        searchText.Should().Be(" creme hydratante riche lumiere lab skin care serum night vitamin c ");
        searchText.Should().Contain(" serum");
        searchText.Should().Contain(" lumiere ").And.Contain(" lab ");
    }

    [Fact]
    public void SearchText_lists_each_word_once()
    {
        var product = Cream with { Name = "Serum Serum", Brand = "Skin", Tags = ["serum", "skin"] };

        ProductItem.SearchTextOf(product, "Skin Care").Should().Be(" serum skin care ");
    }

    [Fact]
    public void NameKey_is_the_folded_name_then_the_separator_then_the_id()
    {
        ProductItem.NameKeySeparator.Should().Be('\u001F');
        ProductItem.NameKeyOf(Cream).Should().Be("creme hydratante riche\u001Fcreme-hydratante-riche");
        ProductItem.NameKeyOf(Cream with { Name = "  L'Œil — ÉCLAT!", Id = "x" }).Should().Be("l oeil eclat\u001Fx");
    }

    [Fact]
    public void NameKeys_sort_a_name_before_its_longer_variants_and_equal_names_by_id()
    {
        var keys = new[]
        {
            ProductItem.NameKeyOf(Cream with { Name = "Rose Oil Deluxe", Id = "a" }),
            ProductItem.NameKeyOf(Cream with { Name = "Rosé-Oil", Id = "z" }),
            ProductItem.NameKeyOf(Cream with { Name = "Rose Oil", Id = "b" }),
            ProductItem.NameKeyOf(Cream with { Name = "Rose", Id = "y" }),
            ProductItem.NameKeyOf(Cream with { Name = "Rose oil!", Id = "a" }),
        };

        keys.Order(StringComparer.Ordinal).Should().Equal(
            "rose\u001Fy", "rose oil\u001Fa", "rose oil\u001Fb", "rose oil\u001Fz", "rose oil deluxe\u001Fa");
    }

    [Fact]
    public void The_item_carries_name_key_search_text_and_listing()
    {
        var item = ProductItem.NewItem(Cream, "Skin Care");

        item[ProductItem.NameKey].S.Should().Be("creme hydratante riche\u001Fcreme-hydratante-riche");
        item[ProductItem.SearchText].S.Should().StartWith(" creme ").And.EndWith(" c ");
        item[ProductItem.Listing].S.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void FormatTimestamp_is_utc_to_the_second()
    {
        ProductItem.FormatTimestamp(new DateTimeOffset(2026, 3, 14, 1, 2, 3, TimeSpan.FromHours(-5)))
            .Should().Be("2026-03-14T06:02:03Z");
    }

    [Fact]
    public void CategoryItem_round_trips()
    {
        var category = new Category("skin-care", "Skin Care", "Cleansers, serums and more.", "images/categories/skin-care.svg", 3, 12);

        var item = CategoryItem.ToItem(category);

        CategoryItem.ToCategory(item).Should().Be(category);
        item[CategoryItem.SortOrder].N.Should().Be("3");
        item[CategoryItem.ProductCount].N.Should().Be("12");
        item[CategoryItem.Image].S.Should().Be("images/categories/skin-care.svg");
    }
}
