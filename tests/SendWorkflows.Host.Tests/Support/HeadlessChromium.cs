using Microsoft.Playwright;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>Debian's Chromium, headless, as every browser test here drives it.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
}
