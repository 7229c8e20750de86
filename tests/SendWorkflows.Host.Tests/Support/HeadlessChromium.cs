using Microsoft.Playwright;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>Debian's Chromium, headless, as every browser test here drives it.</summary>
public static class HeadlessChromium
{
    const string Shell = "/usr/bin/chromium-headless-shell";

    /// <summary>
    /// Chromium's headless shell (Debian's chromium-headless-shell, which .ci/run installs) when it is there: the same
    /// Blink without a browser window, so a new page does not start a renderer for a tab strip nobody sees, and the
    /// browser tests take far less CPU (ADR 0125). Otherwise Debian's full Chromium in its headless mode.
    /// </summary>
    public static readonly string Path = File.Exists(Shell) ? Shell : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
}
