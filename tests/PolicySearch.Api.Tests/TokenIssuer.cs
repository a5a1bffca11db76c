using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PolicySearch.Api.Tests;

/// <summary>
/// Tokens as an intranet SSO or gateway would mint them: signed with a shared HMAC key, or by a local OIDC issuer
/// that serves its discovery document and signing keys (JWKS) over HTTP on a loopback port.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string Audience = "policysearch";

    private readonly RsaSecurityKey _rsa = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private WebApplication? _app;

    /// <summary>The issuer URL (the OIDC Authority), once <see cref="StartAsync"/> has run.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>Requests for the discovery document and the keys, to show the API fetched them.</summary>
    public int MetadataRequests;

    public static string Hmac(string key, string issuer, string user, IEnumerable<string> groups, TimeSpan? lifetime = null) =>
        Mint(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256), issuer, user, groups, lifetime);

    public string Oidc(string user, IEnumerable<string> groups) => Mint(new SigningCredentials(_rsa, SecurityAlgorithms.RsaSha256), Authority, user, groups);

    /// <summary>A token with the issuer's name and claims but signed by a key it never published.</summary>
    public string Forged(string user, IEnumerable<string> groups) =>
        Mint(new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = _rsa.KeyId }, SecurityAlgorithms.RsaSha256), Authority, user, groups);

    private static string Mint(SigningCredentials credentials, string issuer, string user, IEnumerable<string> groups, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = new Dictionary<string, object> { ["sub"] = user, ["preferred_username"] = user, ["groups"] = groups.ToArray() },
            SigningCredentials = credentials,
        });
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref MetadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Authority,
                ["jwks_uri"] = Authority + "/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        _app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref MetadataRequests);
            var parameters = _rsa.Rsa.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = _rsa.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
                },
            });
        });
        await _app.StartAsync();
        Authority = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _rsa.Rsa.Dispose();
    }
}
