// The official MCP TypeScript SDK client against PolicySearch: over streamable HTTP (BASE_URL/mcp) or over stdio
// (the CLI's `policysearch mcp`): lists the tools and calls each. Prints one JSON object.
// Usage: node mcp-client.mjs http BASE_URL | node mcp-client.mjs stdio COMMAND ARG…
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [, , kind, target, ...rest] = process.argv;
const transport = kind === 'http'
  ? new StreamableHTTPClientTransport(new URL(`${target}/mcp`))
  : new StdioClientTransport({ command: target, args: rest, stderr: 'inherit' });
const client = new Client({ name: 'policysearch-tests', version: '1.0.0' });
await client.connect(transport);

const call = async (name, args) => {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content?.find((c) => c.type === 'text')?.text ?? '';
  let json = null;
  try { json = JSON.parse(text); } catch { /* an error message */ }
  return { isError: result.isError === true, text, json };
};

const tools = (await client.listTools()).tools.map((t) => ({ name: t.name, description: t.description, required: t.inputSchema?.required ?? [] }));
const search = await call('search_policies', { query: '海洋重点项目', top: 3 });
const ask = await call('ask', { question: '2024年计划推进多少个海洋重点项目？' });
const followUp = await call('ask', { question: '2023年呢？', history: [{ question: '2024年计划推进多少个海洋重点项目？', answer: ask.json?.answer }] });
const compare = await call('compare_years', { question: '计划推进多少个海洋重点项目？', years: [2023, 2024] });
const documentId = search.json?.results?.[0]?.documentId;
const document = await call('get_document', { id: documentId ?? 'none', passage: 0 });
const refused = await call('search_policies', { query: '' });
await client.close();

console.log(JSON.stringify({ tools, search, ask, followUp, compare, document, refused }));
