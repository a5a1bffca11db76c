// The official OpenAI client against PolicySearch's OpenAI-compatible door: models, a question, a streamed
// follow-up with the first turn as history, and a request the server must refuse. Prints one JSON object.
// Usage: node openai-client.mjs BASE_URL QUESTION FOLLOW_UP
import OpenAI from 'openai';

const [, , baseURL, question, followUp] = process.argv;
const client = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: 'not-needed', maxRetries: 0, timeout: 30000 });

const models = await client.models.list();
const first = await client.chat.completions.create({ model: 'policysearch', messages: [{ role: 'user', content: question }] });

// The same question streamed: the pieces joined are the non-streamed answer.
let sameStreamed = '';
for await (const chunk of await client.chat.completions.create({ model: 'policysearch', stream: true, messages: [{ role: 'user', content: question }] })) {
  sameStreamed += chunk.choices[0]?.delta?.content ?? '';
}

const stream = await client.chat.completions.create({
  model: 'policysearch',
  stream: true,
  messages: [
    { role: 'system', content: '请根据文件回答。' },
    { role: 'user', content: question },
    { role: 'assistant', content: first.choices[0].message.content },
    { role: 'user', content: followUp },
  ],
});
let streamed = '';
let chunks = 0;
let last = null;
for await (const chunk of stream) {
  chunks += 1;
  streamed += chunk.choices[0]?.delta?.content ?? '';
  last = chunk;
}

let refused = null;
try {
  await client.chat.completions.create({ model: 'policysearch', messages: [{ role: 'assistant', content: '没有问题' }] });
} catch (error) {
  refused = { status: error.status, type: error.type ?? error.error?.type, param: error.param ?? error.error?.param, message: error.message };
}

console.log(JSON.stringify({
  models: models.data.map((m) => m.id),
  first: { content: first.choices[0].message.content, finish: first.choices[0].finish_reason, citations: first.citations, usage: first.usage, about: first.policysearch },
  streamedEqualsFirst: sameStreamed === first.choices[0].message.content,
  streamed,
  chunks,
  last: { finish: last?.choices[0]?.finish_reason, citations: last?.citations, about: last?.policysearch },
  refused,
}));
