using System.Collections.Concurrent;
using System.Net;
using System.Text;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>A request the listener received; <paramref name="Query"/> is the decoded query string (without '?').</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, string Query = "");

/// <summary>A response the listener plays back.</summary>
public sealed record ScriptedResponse(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// An HTTP server on 127.0.0.1 and a free port that records each request and answers with the next scripted
/// response (the last one repeats). Stands in for SendGrid and GOV.UK Notify.
/// </summary>
public sealed class ScriptedHttpListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ScriptedResponse> script = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly Task loop;
    private ScriptedResponse last = new(500, "no response scripted");

    public ScriptedHttpListener(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }

        var port = LocalPorts.Free();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseUrl.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<ReceivedRequest> Received => received.ToList();

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Unix, Stop then Close frees the port and then binds it again to remove the prefix, which fails
        // with "Address already in use" if another test took the port meanwhile (seen in CI).
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            received.Enqueue(new ReceivedRequest(
                context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body, Uri.UnescapeDataString(context.Request.Url.Query.TrimStart('?'))));

            if (script.TryDequeue(out var next))
            {
                last = next;
            }

            context.Response.StatusCode = last.Status;
            foreach (var (name, value) in last.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(last.Body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
