using Xunit;

namespace SendWorkflows.TestSupport;

/// <summary><see cref="MailDev"/> as an xunit collection fixture, shared by a test project's e-mail tests (clear it with <see cref="MailDev.ClearAsync"/>).</summary>
public sealed class MailDevFixture : MailDev, IAsyncLifetime
{
    public Task InitializeAsync() => StartProcessAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
