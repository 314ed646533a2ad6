using System.Text.Json.Nodes;
using BStore.Api.Promotions;
using BStore.Api.Seeding;
using BStore.Api.UnitTests.Infrastructure;

namespace BStore.Api.UnitTests.Promotions;

public class PromotionTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Promotion Code(string kind = Promotion.Percent, decimal value = 10, decimal minSubtotal = 0, int? maxRedemptions = null,
        int maxPerShopper = 1, int redeemed = 0) =>
        new("SPRING", "Spring", kind, value, Now.AddDays(-1), Now.AddDays(1), minSubtotal, maxRedemptions, maxPerShopper, redeemed);

    [Theory]
    [InlineData(10, 99.99, 10.00)]   // 9.999 rounds half away from zero to cents
    [InlineData(15, 33.33, 5.00)]    // 4.9995
    [InlineData(100, 12.34, 12.34)]
    public void A_percentage_is_taken_off_the_subtotal_to_the_cent(decimal percent, decimal subtotal, decimal discount) =>
        Code(value: percent).DiscountOn(subtotal).Should().Be(discount);

    [Fact]
    public void A_fixed_amount_never_takes_more_than_the_subtotal()
    {
        Code(Promotion.Fixed, 5).DiscountOn(30m).Should().Be(5m);
        Code(Promotion.Fixed, 5).DiscountOn(3.20m).Should().Be(3.20m);
    }

    [Fact]
    public void Each_reason_a_code_does_not_apply_is_named()
    {
        Code().WhyNot(50m, uses: 0, Now).Should().BeNull();
        Code().WhyNot(50m, uses: 0, Now.AddDays(-2)).Should().Contain("valid from");
        Code().WhyNot(50m, uses: 0, Now.AddDays(1)).Should().Contain("expired", "the window ends before validUntil");
        Code(minSubtotal: 30).WhyNot(29.99m, uses: 0, Now).Should().Contain("at least 30.00");
        Code(maxRedemptions: 3, redeemed: 3).WhyNot(50m, uses: 0, Now).Should().Contain("as many times as it can be");
        Code(maxPerShopper: 2).WhyNot(50m, uses: 2, Now).Should().Contain("already used");
        Code(maxPerShopper: 2).WhyNot(50m, uses: 1, Now).Should().BeNull();
    }

    [Theory]
    [InlineData("welcome10", "WELCOME10")]
    [InlineData("GLOW5", "GLOW5")]
    [InlineData("ab", null)]
    [InlineData("WITH SPACE", null)]
    [InlineData("DASH-ED", null)]
    [InlineData("ÉTÉ2027", null)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", null)]
    public void Codes_are_letters_and_digits_in_any_case(string code, string? normalized) =>
        PromotionItems.Normalize(code).Should().Be(normalized);

    [Fact]
    public void A_code_stored_and_read_back_is_the_same_code()
    {
        var code = Code(Promotion.Fixed, 7.5m, minSubtotal: 20, maxRedemptions: 50, maxPerShopper: 2);
        var item = PromotionItems.NewItem(code);

        PromotionItems.ToPromotion(item).Should().Be(code with { ValidFrom = code.ValidFrom, Redeemed = 0 });
        item.Should().ContainKey("redeemed");
        PromotionItems.Attributes(code).Should().NotContainKey("redeemed", "seeding again must not reset the redemptions");
        item["id"].S.Should().Be("promo#SPRING", "outside the product id format, so no catalog route can reach it");
    }

    [Fact]
    public void The_seed_promotions_load()
    {
        var catalog = SeedCatalogLoader.Load(Repository.SeedData);

        catalog.Promotions.Should().NotBeEmpty();
        catalog.Promotions.Should().OnlyHaveUniqueItems(p => p.Code);
        catalog.Promotions.Should().Contain(p => p.ValidUntil < DateTimeOffset.UtcNow, "one expired code shows how an expired code is refused");
    }

    [Theory]
    [InlineData("kind", "\"half\"")]
    [InlineData("value", "150")]
    [InlineData("code", "\"lower\"")]
    [InlineData("maxPerShopper", "0")]
    [InlineData("validUntil", "\"2020-01-01T00:00:00Z\"")]
    public void A_broken_promotion_is_reported_by_file_record_and_field(string field, string json)
    {
        using var seed = new SeedDataCopy();
        var document = JsonNode.Parse(File.ReadAllText(seed.PromotionsPath))!;
        document["promotions"]![0]![field] = JsonNode.Parse(json);
        File.WriteAllText(seed.PromotionsPath, document.ToJsonString());

        seed.LoadProblems().Should().ContainSingle().Which.Should().StartWith("promotions.json: promotion #1").And.Contain($"'{field}'");
    }
}
