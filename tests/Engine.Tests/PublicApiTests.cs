using PublicApiGenerator;

namespace Engine.Tests;

/// <summary>The engine's public surface, pinned: a change to it is a reviewed change of the snapshot, and no word of
/// the platform it builds can slip into it unseen.</summary>
public sealed class PublicApiTests
{
    static readonly string Api =
        typeof(BuildBase).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });

    [Fact]
    public void The_public_API_is_the_reviewed_one() => Api.ShouldMatchSnapshot("engine-public-api.txt");

    [Theory]
    [InlineData("trinity")]
    [InlineData("cloud")]
    [InlineData("aws")]
    [InlineData("gcp")]
    [InlineData("azure")]
    [InlineData("argo")]
    [InlineData("pulumi")]
    [InlineData("kubernetes")]
    [InlineData("kubectl")]
    [InlineData("secretstore")]
    [InlineData("externalsecret")]
    [InlineData("prometheus")]
    public void The_public_API_knows_no_word_of_the_platform(string word) => Api.ShouldNotContain(word, Case.Insensitive);
}
