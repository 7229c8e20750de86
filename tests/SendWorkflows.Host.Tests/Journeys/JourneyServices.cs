using Microsoft.Playwright;
using SendWorkflows.TestSupport;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// What every journey shares: one Azurite, one MailDev and one headless Chromium. Each journey runs its own host on
/// them (its own case clock, task hub and outbox table), so journeys at different dates do not disturb each other.
/// </summary>
public sealed class JourneyServices : IAsyncLifetime
{
    public const string Collection = "Journeys";
    public static readonly string Chromium = HeadlessChromium.Path;

    IPlaywright? playwright;

    public Azurite Azurite { get; private set; } = null!;

    public MailDev MailDev { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"The journeys need Debian's Chromium at {Chromium}: install it with `apt-get install -y chromium`.");
        Azurite = await Azurite.StartAsync();
        MailDev = await MailDev.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (MailDev is not null)
        {
            await MailDev.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(JourneyServices.Collection)]
public sealed class JourneyCollection : ICollectionFixture<JourneyServices>;
