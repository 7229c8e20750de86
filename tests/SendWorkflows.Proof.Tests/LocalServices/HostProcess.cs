using System.Collections.Concurrent;
using System.Globalization;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>
/// The real <c>sendworkflows serve</c> (<c>dotnet sendworkflows.dll</c>) with its settings given as environment
/// variables, as an operator would. It can be killed (SIGKILL) and started again on the same port and storage;
/// the output of every incarnation is kept in <see cref="Output"/>.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string ApiKey = "proof-api-key-5d21";
    public const string StaffPassword = "proof staff password 41";
    public const string SigningKey = "proof-signing-key-that-is-long-enough-9876543210";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly Dictionary<string, string> environment;
    ChildProcess? current;

    HostProcess(Dictionary<string, string> environment, int port)
    {
        this.environment = environment;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri Address { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public int Starts { get; private set; }

    /// <summary>Settings for a host on <paramref name="storage"/>; <paramref name="settings"/> (Section__Key) override them.</summary>
    public static HostProcess Create(Azurite storage, MailDev? mail, IReadOnlyDictionary<string, string> settings)
    {
        var port = LocalPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            // Plain HTTP on loopback: no TLS to redirect to.
            ["Hosting__RequireHttps"] = "false",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage__Provider"] = "AzureTables",
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Auth__ApiKey"] = ApiKey,
            ["Auth__StaffPassword"] = StaffPassword,
            ["Links__SigningKey"] = SigningKey,
            ["Links__BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Intake__Queue__IdlePollSeconds"] = "1",
            ["Email__Provider"] = mail is null ? "None" : "Smtp",
            ["Email__FromAddress"] = "send-team@council.example.org",
        };
        if (mail is not null)
        {
            environment["Email__Smtp__Host"] = "127.0.0.1";
            environment["Email__Smtp__Port"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture);
            // As run-local does: an attempt interrupted by a kill is confirmed with MailDev before it is sent again.
            environment["Email__Smtp__MailDevApiUrl"] = mail.WebUrl.ToString();
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return new HostProcess(environment, port);
    }

    public HttpClient Client(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Starts an incarnation and waits (bounded) until /health answers.</summary>
    public async Task StartAsync()
    {
        if (current is { HasExited: false })
        {
            throw new InvalidOperationException("The host is already running.");
        }

        Starts++;
        Output.Enqueue($"--- start {Starts} ---");
        current = ChildProcess.Start("dotnet", [HostDll, "serve"], environment, Output);
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            if (current.HasExited)
            {
                throw new InvalidOperationException($"The host exited while starting:\n{current.Tail(60)}");
            }

            try
            {
                return (await client.GetAsync("health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, StartTimeout, "the host's /health");
    }

    /// <summary>POST /api/contacts: the host refuses case events until a contacts directory is imported.</summary>
    public async Task ImportContactsAsync(SendWorkflows.Contract.ContactsDirectory contacts)
    {
        using var client = Client();
        using var response = await client.PostAsync("api/contacts", EventPoster.Json(SendWorkflows.Contract.ContactsDirectoryWriter.ToJson(contacts)));
        response.EnsureSuccessStatusCode();
    }

    public bool IsRunning => current is { HasExited: false };

    /// <summary>SIGKILL of the whole process tree: no graceful shutdown, no flushing.</summary>
    public void Kill()
    {
        current?.Kill();
        Output.Enqueue("--- killed ---");
    }

    public string Tail(int lines = 60) => string.Join('\n', Output.TakeLast(lines));

    /// <summary>
    /// The host's own build output (same configuration as these tests; building this project builds it), run as
    /// <c>dotnet sendworkflows.dll</c> so the process is the real executable with its own deps and settings.
    /// </summary>
    static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(RepoPaths.Root, "src", "SendWorkflows.Host", "bin", configuration, "net10.0", "sendworkflows.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The host is not built at {path}; build tests/SendWorkflows.Proof.Tests first.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (current is not null)
        {
            await current.DisposeAsync();
        }
    }
}
