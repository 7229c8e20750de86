using SendWorkflows.Host.Tests.Journeys;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SendWorkflows.Host.Tests.Support.LongestCollectionsFirst", "SendWorkflows.Host.Tests")]

namespace SendWorkflows.Host.Tests.Support;

/// <summary>
/// Starts the collections that take minutes first. xunit runs two tests at a time here (one a core), taking them in
/// collection order; in its default order the WCAG test started after eight minutes and ran alone for the last five
/// (docs/benchmarks.md, "CI wall time"). The rest keep their order.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    /// <summary>Collection names (a class's own collection is named after the class), longest first.</summary>
    static readonly string[] First =
    [
        "AccessibilityTests", JourneyServices.Collection, "AdminPagesAccessibilityTests", "RegisterIndexTests", "BrowserEndToEndTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank);

    static int Rank(ITestCollection collection)
    {
        var name = collection.DisplayName.Split(' ', '.')[^1]; // "Journeys", or "Test collection for [namespace.]AccessibilityTests"
        var rank = Array.IndexOf(First, name);
        return rank < 0 ? First.Length : rank;
    }
}
