#!/usr/bin/env node
/**
 * A scripted OpenAI-compatible chat endpoint for the evaluation tests: a separate process, real HTTP on 127.0.0.1.
 * Answers deterministically by the last user message: `node scripted-endpoint.mjs --script FILE [--port N]
 * [--delay-ms N] [--log FILE] [--expect-key KEY]`. Prints `LISTENING <port>` on stdout when ready.
 *
 * Script JSON: {"default": "text", "judge": "reply to judge prompts", "rules": [{"prompt": "exact user message", "action": "reply|hang|malformed|http500|flaky", "text": "…"}]}
 *   reply     200 with the text as the assistant message
 *   hang      accept and never answer (the client's timeout must fire)
 *   malformed 200 with a truncated JSON body
 *   http500   500 every time
 *   flaky     500 on the first request for this prompt, then reply
 * Every request is appended to the log as one JSON line {n, prompt, action, auth}.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const script = JSON.parse(readFileSync(opt('script'), 'utf8'));
const delay = Number(opt('delay-ms', '0'));
const log = opt('log');
const expectKey = opt('expect-key');
const rules = new Map((script.rules ?? []).map((r) => [r.prompt, r]));
const seen = new Map();
let n = 0;

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    n++;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const user = [...(parsed.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
    const system = (parsed.messages ?? []).find((m) => m.role === 'system')?.content ?? '';
    const judging = script.judge !== undefined && system.includes('evaluation grader');
    const rule = judging
      ? { action: 'reply', text: script.judge }
      : (rules.get(user) ?? { action: 'reply', text: script.default ?? 'No comment.' });
    const count = (seen.get(user) ?? 0) + 1;
    seen.set(user, count);
    const auth = req.headers.authorization ?? null;
    if (log) appendFileSync(log, `${JSON.stringify({ n, prompt: user, action: rule.action, auth: auth !== null })}\n`);
    if (expectKey && auth !== `Bearer ${expectKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'bad key' } }));
      return;
    }
    setTimeout(() => {
      if (rule.action === 'hang') return; // never answers
      if (rule.action === 'http500' || (rule.action === 'flaky' && count === 1)) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'upstream overloaded' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (rule.action === 'malformed') {
        res.end('{"id": "x", "choices": [{"message": {"content": "cut off');
        return;
      }
      res.end(
        JSON.stringify({
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          model: parsed.model,
          choices: [{ index: 0, message: { role: 'assistant', content: rule.text ?? '' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5 },
        }),
      );
    }, delay);
  });
});
server.listen(Number(opt('port', '0')), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
