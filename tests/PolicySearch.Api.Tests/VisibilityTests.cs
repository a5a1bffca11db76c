using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicySearch.Retrieval;
using PolicySearch.Tests;
using Xunit.Abstractions;

namespace PolicySearch.Api.Tests;

/// <summary>An internal document of the test folder: who may read it, and what would give it away.</summary>
/// <param name="Marker">A word of its text that no question and no public document holds.</param>
public sealed record Secret(string Name, string File, string Marker, string Question, string Text)
{
    public string DocumentId => PolicyIndex.DocumentIdFor(File);

    /// <summary>Whether a response shows anything of it: its id, its file, its marker word (in a quote, a title or a highlight).</summary>
    public bool ShownIn(string response) =>
        response.Contains(DocumentId, StringComparison.Ordinal) || response.Contains(File, StringComparison.Ordinal)
        || response.Contains(Marker, StringComparison.Ordinal) || response.Contains(string.Join("</mark><mark>", Marker.Select(c => c.ToString())), StringComparison.Ordinal);
}

/// <summary>
/// The seeds of <see cref="ApiFactory"/> plus three internal documents: one for 海洋经济处 and one for 规划处 by
/// access.json, and one whose 附注 says 此件不公开 (no rule: the internal group). Staff sign in against a real slapd;
/// a gateway signs bearer tokens with an HMAC key; a chat model (a local fake speaking the OpenAI protocol) is
/// configured so that what it is sent can be checked.
/// </summary>
public sealed class VisibilityApiFactory : ApiFactory, IAsyncLifetime
{
    public const string SigningKey = "gateway-signing-key-0123456789abcdef";
    public const string Issuer = "https://gateway.bureau.test";

    public static readonly Secret Economy = new("海洋经济处", "内部/2025-jingji-briefing.txt", "蓝鲸计划", "2025年海洋经济处新建多少座深远海养殖平台？",
        "青岛市海洋发展局海洋经济处2025年工作要点\n\n2025年，海洋经济处计划推进蓝鲸计划，安排海洋牧场示范区专项资金3.7亿元，新建深远海养殖平台6座。\n蓝鲸计划由海洋经济处牵头，2025年10月底前完成首批平台验收。\n");
    public static readonly Secret Planning = new("规划处", "规划处/2025-guihua-draft.txt", "银沙滩", "规划处拟修复的岸线长度是多少公里？",
        "青岛市海洋发展局规划处关于海岸带保护规划修编的工作底稿\n\n2025年，规划处拟将银沙滩岸线纳入海岸带保护规划，修复岸线长度12.5公里，预算2.1亿元。\n银沙滩岸线修复工程由规划处负责，分三期实施。\n");
    public static readonly Secret Notice = new("内部", "2025-typhoon-notice.txt", "海鸥", "台风防御要求多少艘渔船回港避风？",
        "青岛市海洋发展局关于做好台风海鸥防御准备的通知\n\n各区市海洋发展局：\n为做好台风海鸥防御工作，全市渔船须于2025年8月3日18时前全部回港避风，共计回港渔船2300艘。\n\n青岛市海洋发展局\n2025年8月2日\n（此件不公开）\n");

    public static readonly Secret[] Secrets = [Economy, Planning, Notice];

    public static readonly DirectoryUser Zhang = new("zhang", "张海", "zhang-pass-1", "海洋经济处");
    public static readonly DirectoryUser Wang = new("wang", "王局", "wang-pass-3", "admin", "局领导");

    private DirectoryServer? _directory;

    public FakeOpenAiServer Chat { get; private set; } = null!;

    public string AuditFolder => Path.Combine(IndexPath, "..", "audit");

    public VisibilityApiFactory()
    {
        foreach (var secret in Secrets)
        {
            var path = Path.Combine(SeedsPath, secret.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, secret.Text);
        }
        File.WriteAllText(Path.Combine(SeedsPath, "access.json"),
            """{"rules":[{"path":"内部/**","groups":["海洋经济处","局领导"]},{"path":"规划处/**","groups":["规划处"]}]}""");
    }

    public string DirectoryLog => _directory?.Log ?? "";

    public async Task InitializeAsync()
    {
        _directory = new DirectoryServer([Zhang, Wang]);
        Chat = await FakeOpenAiServer.StartAsync();
        Chat.ChatReply = FirstSentenceOfTheBestSource;
    }

    /// <summary>The model answers with the first sentence of source [1], citing it: grounded in what it was given.</summary>
    private static string FirstSentenceOfTheBestSource(string prompt)
    {
        var start = prompt.IndexOf("[1] ", StringComparison.Ordinal);
        if (start < 0) return "未找到";
        var lines = prompt[start..].Split('\n');
        var body = lines.Skip(1).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var end = body.IndexOf('。');
        return body.Length == 0 ? "未找到" : (end > 0 ? body[..(end + 1)] : body) + " [1]";
    }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:Jwt:SigningKey"] = SigningKey,
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = TokenIssuer.Audience,
        ["Security:Ldap:Url"] = _directory!.Url,
        ["Security:Ldap:UserDnTemplate"] = DirectoryServer.UserDnTemplate,
        ["Security:Audit:Folder"] = AuditFolder,
        ["Security:RequestsPerMinutePerClient"] = "0",
        ["Answering:Chat:Endpoint"] = Chat.BaseUrl,
        ["Answering:Chat:Model"] = "fake-chat",
        ["Answering:Chat:Retries"] = "0",
    };

    public new async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        _directory?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A client with its own cookie jar (a browser of its own).</summary>
    public async Task<HttpClient> ClientAsync()
    {
        await ReadyClientAsync();
        return CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
    }

    /// <summary>Signs a member of staff in on the page's route; returns the anti-forgery token the session got.</summary>
    public static async Task<string> SignInAsync(HttpClient client, DirectoryUser user)
    {
        var response = await client.PostAsJsonAsync("/api/session", new { username = user.Uid, password = user.Password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {user.Uid}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["csrfToken"]!.GetValue<string>();
    }
}

public sealed class VisibilityTests(VisibilityApiFactory factory, ITestOutputHelper output) : IClassFixture<VisibilityApiFactory>
{
    /// <summary>A caller: how its requests are authenticated, and which internal documents it may see.</summary>
    private sealed record Caller(string Name, Func<HttpClient, Task<string?>> Authenticate, params Secret[] Sees);

    private static readonly Caller[] Callers =
    [
        new("anonymous", _ => Task.FromResult<string?>(null)),
        new("A: 海洋经济处 (directory sign-in)", async c => await VisibilityApiFactory.SignInAsync(c, VisibilityApiFactory.Zhang), VisibilityApiFactory.Economy),
        new("B: 规划处 (gateway token)", c =>
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                TokenIssuer.Hmac(VisibilityApiFactory.SigningKey, VisibilityApiFactory.Issuer, "li", ["规划处"]));
            return Task.FromResult<string?>(null);
        }, VisibilityApiFactory.Planning),
        new("admin (directory sign-in)", async c => await VisibilityApiFactory.SignInAsync(c, VisibilityApiFactory.Wang), VisibilityApiFactory.Secrets),
    ];

    private delegate Task<string> Door(HttpClient client, string? csrf, Secret secret);

    private static async Task<string> Read(HttpResponseMessage response) => $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";

    private static HttpRequestMessage Post(string url, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (csrf is not null) request.Headers.Add("X-CSRF-TOKEN", csrf);
        return request;
    }

    private static readonly (string Name, Door Ask)[] Doors =
    [
        ("search", async (c, _, s) => await Read(await c.GetAsync("/api/search?size=50&q=" + Uri.EscapeDataString(s.Question)))),
        ("search (dense)", async (c, _, s) => await Read(await c.GetAsync("/api/search?mode=dense&size=50&q=" + Uri.EscapeDataString(s.Question)))),
        ("ask", async (c, csrf, s) => await Read(await c.SendAsync(Post("/api/ask", new { question = s.Question }, csrf)))),
        ("compare", async (c, csrf, s) => await Read(await c.SendAsync(Post("/api/compare", new { question = s.Question, years = new[] { 2025 } }, csrf)))),
        ("document", async (c, _, s) => await Read(await c.GetAsync("/api/documents/" + s.DocumentId))),
        ("chat", async (c, csrf, s) => await Read(await c.SendAsync(Post("/v1/chat/completions",
            new { model = "policysearch", messages = new[] { new { role = "user", content = s.Question } } }, csrf)))),
        ("mcp", async (c, csrf, s) =>
        {
            var request = Post("/mcp", new
            {
                jsonrpc = "2.0", id = 1, method = "tools/call",
                @params = new { name = "search_policies", arguments = new { query = s.Question, top = 50 } },
            }, csrf);
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            return await Read(await c.SendAsync(request));
        }),
    ];

    [Fact]
    public async Task EveryDoor_ShowsEachCallerOnlyTheInternalDocumentsOfItsGroups()
    {
        var table = new StringBuilder("| door | " + string.Join(" | ", Callers.Select(c => c.Name)) + " |\n|---|" + string.Concat(Callers.Select(_ => "---|")) + "\n");
        var failures = new List<string>();
        var seen = Callers.ToDictionary(c => c.Name, _ => new Dictionary<string, HashSet<string>>());
        foreach (var caller in Callers)
        {
            var client = await factory.ClientAsync();
            var csrf = await caller.Authenticate(client);
            foreach (var (door, ask) in Doors)
            {
                var shown = new HashSet<string>();
                foreach (var secret in VisibilityApiFactory.Secrets)
                {
                    var response = await ask(client, csrf, secret);
                    Assert.False(response.StartsWith("5", StringComparison.Ordinal), $"{door} as {caller.Name}: {response}");
                    // Every secret is looked for in every response (a question about one must not surface another).
                    foreach (var other in VisibilityApiFactory.Secrets.Where(o => o.ShownIn(response))) shown.Add(other.Name);
                    var sees = caller.Sees.Contains(secret);
                    if (sees && !secret.ShownIn(response)) failures.Add($"{door} as {caller.Name} does not show {secret.Name}'s document, which it may see: {response[..Math.Min(400, response.Length)]}");
                }
                foreach (var leaked in shown.Where(n => !caller.Sees.Any(s => s.Name == n))) failures.Add($"{door} as {caller.Name} shows {leaked}'s document");
                seen[caller.Name][door] = shown;
            }
            // /health counts what the caller may see.
            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            seen[caller.Name]["health: documents"] = [health["index"]!["documents"]!.ToString()];
        }
        foreach (var door in Doors.Select(d => d.Name).Append("health: documents"))
        {
            table.Append($"| {door} | ").Append(string.Join(" | ", Callers.Select(c => seen[c.Name][door] is { Count: > 0 } s ? string.Join(", ", s.Order()) : "—"))).Append(" |\n");
        }
        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "visibility-table.md"), table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + table);

        // Counts: each caller's document count is the public ones plus exactly those it may see.
        var counts = Callers.Select(c => int.Parse(seen[c.Name]["health: documents"].Single())).ToList();
        for (var i = 1; i < Callers.Length; i++) Assert.Equal(counts[0] + Callers[i].Sees.Length, counts[i]);
    }

    [Fact]
    public async Task ChatModel_IsNeverSentASourceTheCallerMayNotSee()
    {
        var anonymous = await factory.ClientAsync();
        var before = factory.Chat.Prompts.Count;
        foreach (var secret in VisibilityApiFactory.Secrets)
        {
            (await anonymous.PostAsJsonAsync("/api/ask", new { question = secret.Question })).EnsureSuccessStatusCode();
        }
        var prompts = factory.Chat.Prompts.Skip(before).ToList();
        Assert.Equal(VisibilityApiFactory.Secrets.Length, prompts.Count);
        Assert.DoesNotContain(prompts, p => VisibilityApiFactory.Secrets.Any(s => s.ShownIn(p)));

        // Signed in to 海洋经济处, the same question gives the model that division's document as a source.
        var zhang = await factory.ClientAsync();
        var csrf = await VisibilityApiFactory.SignInAsync(zhang, VisibilityApiFactory.Zhang);
        before = factory.Chat.Prompts.Count;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = VisibilityApiFactory.Economy.Question }) };
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        (await zhang.SendAsync(request)).EnsureSuccessStatusCode();
        Assert.Contains(factory.Chat.Prompts.Skip(before), p => VisibilityApiFactory.Economy.ShownIn(p));
    }

    [Fact]
    public async Task SignIn_AgainstTheDirectory_MapsGroupsRefusesAWrongPasswordAndSignsOut()
    {
        var client = await factory.ClientAsync();
        var wrong = await client.PostAsJsonAsync("/api/session", new { username = "zhang", password = "not-it" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain("not-it", await wrong.Content.ReadAsStringAsync());
        // LDAP treats a bind with an empty password as anonymous (it "succeeds"): refused before any bind.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/session", new { username = "zhang", password = "" })).StatusCode);
        // A user name that would change the DN or the group filter is only a name nobody has.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/session", new { username = "zhang,ou=people", password = "zhang-pass-1" })).StatusCode);

        var response = await client.PostAsJsonAsync("/api/session", new { username = "zhang", password = "zhang-pass-1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("policysearch.session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        var session = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("张海", session["displayName"]!.GetValue<string>());
        Assert.Equal(["海洋经济处"], session["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.False(session["admin"]!.GetValue<bool>());

        var me = (await client.GetFromJsonAsync<JsonObject>("/api/session"))!;
        Assert.True(me["signedIn"]!.GetValue<bool>());
        var csrf = me["csrfToken"]!.GetValue<string>();

        // A signed-in page's POST without the anti-forgery token is refused (a forged form from another site).
        var forged = await client.PostAsJsonAsync("/api/ask", new { question = VisibilityApiFactory.Economy.Question });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("X-CSRF-TOKEN", await forged.Content.ReadAsStringAsync());

        var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add("X-CSRF-TOKEN", csrf);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signOut)).StatusCode);
        Assert.False((await client.GetFromJsonAsync<JsonObject>("/api/session"))!["signedIn"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/documents/" + VisibilityApiFactory.Economy.DocumentId)).StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterFiveFailuresForOneUserName_IsRefusedWithoutAskingTheDirectory()
    {
        var client = await factory.ClientAsync();
        for (var i = 0; i < SessionApi.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/session", new { username = "guessed", password = "try-" + i })).StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/session", new { username = "guessed", password = "another" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        // Another user name is not held back by it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/session", new { username = "someone", password = "x" })).StatusCode);
    }

    [Fact]
    public async Task Tokens_ThatAreExpiredForgedOrForAnotherAudience_Are401NotAnonymous()
    {
        var client = await factory.ClientAsync();
        string[] tokens =
        [
            TokenIssuer.Hmac(VisibilityApiFactory.SigningKey, VisibilityApiFactory.Issuer, "li", ["规划处"], lifetime: TimeSpan.FromMinutes(-5)),
            TokenIssuer.Hmac("another-key-that-is-long-enough-0123456789", VisibilityApiFactory.Issuer, "li", ["规划处"]),
            TokenIssuer.Hmac(VisibilityApiFactory.SigningKey, "https://someone.else", "li", ["规划处"]),
            "not-a-token",
        ];
        foreach (var token in tokens)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=" + Uri.EscapeDataString(VisibilityApiFactory.Planning.Question));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AdminGroup_RunsAdminActionsWithoutTheKey_OthersAreRefused()
    {
        var staff = await factory.ClientAsync();
        var csrf = await VisibilityApiFactory.SignInAsync(staff, VisibilityApiFactory.Zhang);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest");
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.SendAsync(request)).StatusCode);

        var admin = await factory.ClientAsync();
        csrf = await VisibilityApiFactory.SignInAsync(admin, VisibilityApiFactory.Wang);
        request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest");
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        // The ingest summary says which file is internal by its 附注 alone.
        Assert.Contains(summary["internalByNote"]!.AsArray(), f => f!["file"]!.GetValue<string>() == VisibilityApiFactory.Notice.File);
    }

    [Fact]
    public async Task Audit_RecordsWhoAskedWhatAndWhatWasCited_WithoutPasswords()
    {
        var client = await factory.ClientAsync();
        var csrf = await VisibilityApiFactory.SignInAsync(client, VisibilityApiFactory.Zhang);
        await (await factory.ClientAsync()).PostAsJsonAsync("/api/session", new { username = "wang", password = "wrong-password-xyz" });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = VisibilityApiFactory.Economy.Question }) };
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        var lines = Directory.GetFiles(factory.AuditFolder, "audit-*.jsonl").SelectMany(File.ReadAllLines).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Contains(lines, l => l["event"]!.GetValue<string>() == "sign-in" && l["user"]?.GetValue<string>() == "zhang" && l["outcome"]!.GetValue<string>() == "SignedIn");
        Assert.Contains(lines, l => l["event"]!.GetValue<string>() == "sign-in" && l["user"]?.GetValue<string>() == "wang" && l["outcome"]!.GetValue<string>() == "WrongCredentials");
        Assert.Contains(lines, l => l["event"]!.GetValue<string>() == "ask" && l["user"]?.GetValue<string>() == "zhang"
            && l["text"]!.GetValue<string>() == VisibilityApiFactory.Economy.Question && l["groups"]!.AsArray().Any(g => g!.GetValue<string>() == "海洋经济处"));
        var all = string.Join("\n", Directory.GetFiles(factory.AuditFolder).Select(File.ReadAllText));
        Assert.DoesNotContain("zhang-pass-1", all);
        Assert.DoesNotContain("wrong-password-xyz", all);
    }
}

/// <summary>The same API trusting an OIDC issuer (discovery + JWKS served on a loopback port) instead of a shared key.</summary>
public sealed class OidcApiFactory : ApiFactory, IAsyncLifetime
{
    public TokenIssuer Issuer { get; } = new();

    public OidcApiFactory()
    {
        var path = Path.Combine(SeedsPath, VisibilityApiFactory.Planning.File);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, VisibilityApiFactory.Planning.Text);
        File.WriteAllText(Path.Combine(SeedsPath, "access.json"), """{"rules":[{"path":"规划处/*","groups":["规划处"]}]}""");
    }

    public Task InitializeAsync() => Issuer.StartAsync();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:Jwt:Authority"] = Issuer.Authority,
        ["Security:Jwt:Audience"] = TokenIssuer.Audience,
    };

    public new async Task DisposeAsync()
    {
        await Issuer.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class OidcTokenTests(OidcApiFactory factory) : IClassFixture<OidcApiFactory>
{
    [Fact]
    public async Task OidcToken_WithTheGroup_SeesItsDocument_AForgedOneIsRefused()
    {
        var client = await factory.ReadyClientAsync();
        var url = "/api/documents/" + VisibilityApiFactory.Planning.DocumentId;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Issuer.Oidc("li", ["规划处"]));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(VisibilityApiFactory.Planning.Marker, await response.Content.ReadAsStringAsync());
        Assert.True(factory.Issuer.MetadataRequests >= 2, "the API fetched the discovery document and the keys");

        request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Issuer.Oidc("li", ["另一个处"]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);

        request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Issuer.Forged("li", ["规划处"]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }
}
