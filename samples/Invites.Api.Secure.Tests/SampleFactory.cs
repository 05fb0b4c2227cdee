using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Invites;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Invites.Tests;

/// <summary>
/// Hosts whichever sample the build references (secure by default) with an injectable clock, a mailer that keeps
/// the tokens it was asked to send, and a logger provider that keeps every log line. One factory per test, so the
/// in-memory database and the rate-limit windows are fresh.
/// </summary>
public sealed class SampleFactory : WebApplicationFactory<Program>
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
    public CapturingMailer Mailer { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IInviteMailer>();
            services.AddSingleton<IInviteMailer>(Mailer);
        });
    }

    /// <summary>A client signed in as <paramref name="userId"/> through the samples' fake X-User-Id authentication.</summary>
    public HttpClient As(string userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-User-Id", userId);
        return client;
    }
}

public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

public sealed class CapturingMailer : IInviteMailer
{
    public ConcurrentQueue<(string Email, Guid InviteId, string Token)> Sent { get; } = new();

    public Task SendInviteAsync(string email, Guid inviteId, string token, CancellationToken cancellationToken)
    {
        Sent.Enqueue((email, inviteId, token));
        return Task.CompletedTask;
    }

    public string TokenFor(Guid inviteId) => Sent.Last(s => s.InviteId == inviteId).Token;
}

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, string State);

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Keep the rendered message and every structured value, since a sink may write either.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => $"{p.Key}={Render(p.Value)}"))
                : state?.ToString() ?? "";
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception) + exception, values));
        }

        private static string Render(object? value)
        {
            if (value is null or string or IFormattable)
            {
                return value?.ToString() ?? "";
            }

            // What a structured sink does with {@Value}: serialize its public properties.
            try
            {
                return value + " " + JsonSerializer.Serialize(value, value.GetType());
            }
            catch (Exception)
            {
                return value.ToString() ?? "";
            }
        }
    }
}

// The HTTP surface both samples share: seeded ids and the response fields the tests read.
public static class SeedIds
{
    public static readonly Guid OrgA = Guid.Parse("a0000000-0000-0000-0000-00000000000a");
    public static readonly Guid OrgB = Guid.Parse("b0000000-0000-0000-0000-00000000000b");
    public static readonly Guid OrgSuspended = Guid.Parse("c0000000-0000-0000-0000-00000000000c");
    public static readonly Guid InviteB = Guid.Parse("b1000000-0000-0000-0000-0000000000b1");
    public static readonly Guid Mary = Member(3);
    public static readonly Guid Bob = Member(5);

    private static Guid Member(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");
}

public sealed record InviteDto(Guid Id, Guid OrganizationId, string Email, string Role);

public sealed record MemberDto(Guid Id, Guid OrganizationId, string UserId, string DisplayName, string Role);

public sealed record AuditDto(string Kind, string? ActorUserId, string? SourceIp, DateTimeOffset At);

public static class Api
{
    public static async Task<InviteDto> CreateInviteAsync(this HttpClient client, Guid orgId, string email, string role = "Member")
    {
        var response = await client.PostAsJsonAsync($"/organizations/{orgId}/invites", new { email, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InviteDto>())!;
    }

    public static Task<HttpResponseMessage> AcceptAsync(this HttpClient client, string token) =>
        client.PostAsJsonAsync("/invites/accept", new { token });

    public static async Task<List<MemberDto>> MembersAsync(this HttpClient client, Guid orgId)
    {
        var response = await client.GetAsync($"/organizations/{orgId}/members");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<MemberDto>>())!;
    }
}
