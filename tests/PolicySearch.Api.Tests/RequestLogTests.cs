using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace PolicySearch.Api.Tests;

/// <summary>Log lines as the API writes them, with the scopes they were written in.</summary>
public sealed class LogRecorder : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, string Message, List<string> Scopes)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => recorder._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            recorder._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            recorder.Lines.Enqueue((category, formatter(state, exception), scopes));
        }
    }
}

public sealed class LoggedApiFactory : ApiFactory
{
    public LogRecorder Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

public sealed class RequestLogTests(LoggedApiFactory factory) : IClassFixture<LoggedApiFactory>
{
    [Fact]
    public async Task Request_LogLine_CarriesTheRequestIdAndNeverTheAdminKey()
    {
        var client = await factory.ReadyClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=" + Uri.EscapeDataString("浒苔"));
        request.Headers.Add("X-Request-Id", "log-me-7");
        request.Headers.Add("X-Api-Key", "secret-key-never-logged");
        await client.SendAsync(request);

        var line = Assert.Single(factory.Logs.Lines, l => l.Category == "PolicySearch.Requests" && l.Scopes.Any(s => s.Contains("log-me-7")));
        Assert.Contains("GET /api/search 200", line.Message);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Message.Contains("secret-key-never-logged") || l.Scopes.Any(s => s.Contains("secret-key-never-logged")));
    }
}
