using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicySearch.Answering;

/// <summary>
/// How PolicySearch writes JSON outside the HTTP API's own pipeline (the CLI, the chat door's replies, the MCP tools):
/// camelCase, Chinese as characters rather than \uXXXX escapes, no null fields. The API's minimal endpoints are set
/// up the same way in ApiSetup.
/// </summary>
public static class PolicyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
