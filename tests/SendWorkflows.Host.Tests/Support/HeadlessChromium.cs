using Microsoft.Playwright;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>Debian's Chromium, headless, as every browser test here drives it.</summary>
public static class HeadlessChromium
{
    /// <summary>
    /// The browser named by <c>CHROMIUM_PATH</c> when set (a runner whose Chromium is elsewhere, e.g. GitHub's Chrome);
    /// else Chromium's headless shell (Debian's chromium-headless-shell, which .ci/run installs): the same Blink without a
    /// browser window, so a new page does not start a renderer for a tab strip nobody sees, and the browser tests take
    /// far less CPU (ADR 0125); else the first `chromium` on the PATH, in its headless mode.
    /// </summary>
    public static readonly string Path = Resolve();

    static string Resolve()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } named)
            return named;
        return OnPath("chromium-headless-shell") ?? OnPath("chromium") ?? "/usr/bin/chromium";
    }

    static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
}
