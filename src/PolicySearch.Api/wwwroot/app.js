// PolicySearch page: search, ask, compare and document views. State lives in the URL (/?q=…, /?ask=…,
// /?compare=…&years=2022,2023, /doc/{id}#p12), so a link reproduces a view. Text from documents and queries is always inserted as text; only the server's highlight
// snippets (HTML-escaped by the server, with <mark>) are inserted as HTML.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const PAGE_SIZE = 10;
  const TYPES = { work_conference: '工作会议', annual_summary: '年度总结', half_year_summary: '半年总结', policy: '政策通知',
    regulation: '法规条例', press_conference: '新闻发布会', proposal_reply: '建议提案答复', news: '新闻' };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  // What the page says about a field the server refused (the server's own message is English, for programs).
  const FIELD_MESSAGES = { q: '检索词为空或过长（最多500字）', question: '问题为空或过长（最多500字）', year: '年份无效', from: '起始年份无效或晚于截止年份',
    to: '截止年份无效', years: '年份无效（至多20个年份，1900–2100）', agency: '发布机构过长', type: '文件类型无效', status: '时效状态无效',
    docNumber: '发文字号过长', page: '页码超出范围（最多查看前1000条）', size: '每页条数无效', mode: '排序方式暂不可用', group: '分组方式无效',
    yearOf: '年份含义无效', documentId: '文件编号无效', history: '追问记录无效', username: '请输入用户名', password: '请输入密码' };
  const STATUS_MESSAGES = { 401: '需要登录，或登录已过期', 403: '没有权限', 404: '未找到', 413: '请求过大', 429: '请求过于频繁，请稍后再试', 503: '服务暂时不可用，请稍后再试' };

  async function problemText(response) {
    try {
      const problem = await response.json();
      const fields = problem.errors ? Object.keys(problem.errors).map((f) => FIELD_MESSAGES[f] || '输入有误（' + f + '）').join('；') : '';
      // A title the server wrote in Chinese (登录 messages: "用户名或密码错误 / …") is shown in Chinese.
      const chinese = [problem.detail, problem.title].map((t) => (t || '').split(/ [\/] |(?<=。) /)[0]).find((t) => /[\u4e00-\u9fff]/.test(t));
      return fields || chinese || STATUS_MESSAGES[response.status] || ('请求未成功（' + response.status + '）');
    } catch { return STATUS_MESSAGES[response.status] || '请求未成功（' + response.status + '）'; }
  }

  function show(view) {
    for (const v of ['search-view', 'ask-view', 'compare-view', 'doc-view']) $(v).hidden = v !== view;
    for (const [tab, v] of [['tab-search', 'search-view'], ['tab-ask', 'ask-view'], ['tab-compare', 'compare-view']]) {
      if (view === v) $(tab).setAttribute('aria-current', 'page'); else $(tab).removeAttribute('aria-current');
    }
  }

  // A document only some groups may read: a lock, with the groups in its tooltip.
  function lockBadge(groups) {
    return el('span', '内部', { class: 'badge lock', title: '仅限：' + groups.join('、'), 'aria-label': '内部文件，仅限' + groups.join('、') + '阅读' });
  }

  // Who is signed in (GET /api/session), and the anti-forgery token the page's POSTs carry while signed in.
  let session = { signedIn: false };
  async function loadSession() {
    try {
      const response = await fetch('/api/session');
      if (response.ok) session = await response.json();
    } catch { session = { signedIn: false }; }
    renderSession();
  }

  function renderSession() {
    $('signin-form').hidden = session.signedIn || !session.signInAvailable;
    $('signed-in').hidden = !session.signedIn;
    if (session.signedIn) {
      $('user-name').textContent = session.displayName || session.user;
      $('user-groups').textContent = session.admin ? '（管理员）' : session.groups.length ? '（' + session.groups.join('、') + '）' : '';
    }
  }

  function postJson(url, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (session.csrfToken) headers['X-CSRF-TOKEN'] = session.csrfToken;
    return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  }

  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('signin-status'); status.textContent = '正在登录…'; status.classList.remove('error');
    let response;
    try {
      response = await postJson('/api/session', { username: $('signin-user').value, password: $('signin-password').value });
    } catch { status.textContent = '无法连接服务，请稍后再试。'; status.classList.add('error'); return; }
    $('signin-password').value = '';
    if (!response.ok) { status.textContent = await problemText(response); status.classList.add('error'); return; }
    session = await response.json(); status.textContent = '';
    renderSession(); route();
  });

  $('signout').addEventListener('click', async () => {
    const response = await fetch('/api/session', { method: 'DELETE', headers: session.csrfToken ? { 'X-CSRF-TOKEN': session.csrfToken } : {} });
    if (response.ok) session = await response.json();
    renderSession(); route();
  });

  // A document's status as of the asking date, as a badge (现行有效 green, 已失效/已废止 red, 尚未施行 amber).
  function statusBadge(status) {
    return el('span', status, { class: 'badge status-' + ({ '现行有效': 'current', '已失效': 'expired', '已废止': 'repealed', '尚未施行': 'pending' }[status] || 'other') });
  }

  // The document view's 公文 facts, and what replaced it or what it replaced, as links where the other is indexed.
  function renderLifecycle(doc) {
    const box = $('doc-lifecycle'); box.replaceChildren();
    const facts = [['状态', doc.status], ['发文字号', doc.docNumber], ['发文机关', doc.issuer], ['成文日期', doc.writtenDate],
      ['施行日期', doc.effectiveDate], ['有效期至', doc.expiryDate]].filter(([, v]) => v);
    for (const [name, value] of facts) {
      box.append(el('dt', name));
      const dd = el('dd');
      dd.append(name === '状态' ? statusBadge(value) : document.createTextNode(value));
      box.append(dd);
    }
    for (const [name, refs] of [['被替代', doc.replacedBy], ['替代', doc.replaces]]) {
      if (!refs || !refs.length) continue;
      box.append(el('dt', name));
      const dd = el('dd');
      for (const r of refs) dd.append(r.documentId ? el('a', r.text, { href: docLink(r.documentId) }) : el('span', r.text), document.createTextNode(' '));
      box.append(dd);
    }
    box.hidden = box.childElementCount === 0;
  }

  function docLink(documentId, ordinal, start, end) {
    let url = '/doc/' + encodeURIComponent(documentId);
    if (start !== undefined) url += '?start=' + start + '&end=' + end;
    return url + (ordinal !== undefined ? '#p' + ordinal : '');
  }

  // ---- search ----
  const FILTERS = ['from', 'to', 'agency', 'type', 'status', 'mode', 'yearOf'];
  const searchFields = ['q', ...FILTERS];

  // A link to this search with some fields changed (null removes one); paging starts over.
  function searchLink(params, changes) {
    const target = new URLSearchParams(params);
    target.delete('page');
    for (const [k, v] of Object.entries(changes)) { if (v === null) target.delete(k); else target.set(k, v); }
    return '/?' + target.toString();
  }

  // Counts beside the results (年份, 发文机关, 文件类型, 时效状态); each value narrows the search to it.
  function renderFacets(params, facets) {
    const box = $('facets'); box.replaceChildren();
    if (!facets) { box.hidden = true; return; }
    const groups = [['年份', facets.year, (v) => ({ from: v, to: v, yearOf: null })], ['发文机关', facets.issuer, (v) => ({ agency: v })],
      ['文件类型', facets.type, (v) => ({ type: v })], ['时效状态', facets.status, (v) => ({ status: v })]];
    for (const [name, values, change] of groups) {
      if (!values || !values.length) continue;
      box.append(el('h3', name));
      const list = el('ul');
      for (const f of values.slice(0, 8)) {
        const li = el('li');
        li.append(el('a', (name === '文件类型' ? TYPES[f.value] || f.value : f.value), { href: searchLink(params, change(f.value)) }), el('span', String(f.count), { class: 'count' }));
        list.append(li);
      }
      box.append(list);
    }
    box.hidden = box.childElementCount === 0;
  }

  // Other searches that find something, offered when this one found nothing.
  function renderSuggestions(params, suggestions) {
    const list = $('suggestions'); list.replaceChildren();
    for (const s of suggestions || []) {
      const href = s.kind === 'drop-filters' ? '/?q=' + encodeURIComponent(s.query) : searchLink(params, { q: s.query });
      const text = s.kind === 'drop-filters' ? '去掉筛选条件再搜' : '试试“' + s.query + '”';
      const li = el('li'); li.append(el('a', text, { href }), el('span', '（' + s.total + ' 篇）', { class: 'meta' }));
      list.append(li);
    }
    list.hidden = list.childElementCount === 0;
  }

  // "本文另有 N 处匹配": the document's other matching passages, fetched when asked for.
  function moreButton(params, r) {
    const box = el('div', null, { class: 'more' });
    const button = el('button', '本文另有 ' + r.more + ' 处匹配', { type: 'button', class: 'link', 'aria-expanded': 'false' });
    box.append(button);
    button.addEventListener('click', async () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      const existing = box.querySelector('ol');
      if (existing) { existing.hidden = open; button.setAttribute('aria-expanded', String(!open)); return; }
      const api = new URLSearchParams({ q: params.get('q'), documentId: r.documentId, size: '20' });
      for (const f of ['mode', 'yearOf', 'from', 'to']) if (params.get(f)) api.set(f, params.get(f));
      const response = await fetch('/api/search?' + api.toString());
      if (!response.ok) { box.append(el('p', '未能加载：' + await problemText(response), { class: 'status error' })); return; }
      const others = el('ol', null, { class: 'others' });
      for (const p of (await response.json()).results.filter((p) => p.passageId !== r.passageId)) {
        const li = el('li');
        const a = el('a', null, { href: docLink(p.documentId, p.passageId.split('-').pop()) });
        a.innerHTML = p.highlight; // server-escaped, only <mark> added
        li.append(a); others.append(li);
      }
      box.append(others); button.setAttribute('aria-expanded', 'true');
    });
    return box;
  }

  async function runSearch(params) {
    show('search-view');
    for (const f of searchFields) $(f).value = params.get(f) || '';
    if (FILTERS.some((f) => params.get(f))) $('filters').open = true;
    const q = (params.get('q') || '').trim();
    const results = $('results'); const pager = $('pager'); const status = $('search-status');
    results.replaceChildren(); pager.replaceChildren(); status.classList.remove('error');
    renderFacets(params, null); renderSuggestions(params, null);
    if (!q) { status.textContent = '请输入检索词。可按年份、发布机构、文件类型筛选。'; return; }
    const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    const api = new URLSearchParams({ q, page: String(page), size: String(PAGE_SIZE), group: 'document', facets: 'true' });
    for (const f of FILTERS) if (params.get(f)) api.set(f, params.get(f));
    status.textContent = '检索中…';
    const started = performance.now();
    let response;
    try { response = await fetch('/api/search?' + api.toString()); } catch { status.textContent = '无法连接服务，请稍后再试。'; status.classList.add('error'); return; }
    if (!response.ok) { status.textContent = '未能检索：' + await problemText(response); status.classList.add('error'); return; }
    const data = await response.json();
    const ms = Math.round(performance.now() - started);
    if (data.notice === 'no-words') { status.textContent = '“' + q + '”都是常用字词，请输入更具体的词语，例如：浒苔 打捞。'; return; }
    if (data.results.length === 0) {
      status.textContent = '未找到与“' + q + '”相关的文件。' + (data.suggestions && data.suggestions.length ? '可以试试：' : '可以换个说法，或减少筛选条件。');
      renderSuggestions(params, data.suggestions);
      return;
    }
    renderFacets(params, data.facets);
    status.textContent = '找到 ' + (data.atLeast ? data.total + ' 篇以上' : data.total + ' 篇') + '相关文件，第 ' + page + ' 页（用时 ' + ms + ' 毫秒，' + ({ hybrid: '混合', bm25: '关键词', dense: '语义' }[data.mode] || data.mode) + '排序）';
    for (const r of data.results) {
      const li = el('li');
      const h = el('h2');
      const ordinal = r.passageId.split('-').pop();
      h.append(el('a', r.title, { href: docLink(r.documentId, ordinal) }));
      if (r.status) h.append(statusBadge(r.status));
      if (r.groups) h.append(lockBadge(r.groups));
      li.append(h);
      li.append(el('p', [r.agency, r.date, TYPES[r.docType] || r.docType, r.file, r.headingPath ? r.headingPath.join(' › ') : '', r.page ? '第' + r.page + '页' : '', r.ocr ? '扫描件（OCR识别）' : ''].filter(Boolean).join(' · '), { class: 'meta' }));
      const snippet = el('p', null, { class: 'snippet' });
      snippet.innerHTML = r.highlight; // server-escaped, only <mark> added
      li.append(snippet);
      if (r.more > 0) li.append(moreButton(params, r));
      results.append(li);
    }
    // For anyone measuring the page (and the browser tests): when the first results were on screen.
    if (!performance.getEntriesByName('first-result').length) performance.mark('first-result');
    const pages = Math.min(50, Math.ceil(data.total / PAGE_SIZE));
    for (let p = Math.max(1, page - 4); p <= Math.min(pages, page + 4); p++) {
      const target = new URLSearchParams(params); target.set('page', String(p));
      pager.append(p === page ? el('span', String(p), { 'aria-current': 'page' }) : el('a', String(p), { href: '/?' + target.toString() }));
    }
  }

  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const f of searchFields) { const v = $(f).value.trim(); if (v) params.set(f, v); }
    history.pushState(null, '', '/?' + params.toString());
    route();
  });

  function modeName(mode) {
    return mode === 'extractive' ? '原文摘录（离线）' : mode === 'generative' ? '模型生成（已核对引文）' : mode;
  }

  // An answer is text with [n] markers: each marker becomes a link to the cited sentence.
  function appendCited(container, answerText, citations) {
    const byN = new Map(citations.map((c) => [c.n, c]));
    for (const part of answerText.split(/(\[\d+\])/)) {
      const m = /^\[(\d+)\]$/.exec(part);
      const c = m && byN.get(parseInt(m[1], 10));
      if (c) container.append(el('a', part, { href: docLink(c.documentId, undefined, c.start, c.end), class: 'cite', 'data-n': String(c.n) }));
      else container.append(document.createTextNode(part));
    }
  }

  // ---- ask: a conversation, /?ask=first question&then=follow-up&then=… ----
  // Fills a turn's answer text, mode line and citation list (the first turn's are #answer-text, #answer-mode, #citations).
  function renderAnswer(answer, text, mode, list) {
    text.replaceChildren();
    appendCited(text, answer.answer, answer.citations);
    mode.textContent = (answer.abstained ? '未找到可引用的原文。' : '回答方式：' + modeName(answer.mode))
      + (answer.fallback ? '（模型回答未通过核对，改用原文摘录）' : '')
      + (answer.resolvedQuestion ? ' 理解为：' + answer.resolvedQuestion : '');
    list.replaceChildren();
    for (const c of answer.citations) {
      const li = el('li');
      li.append(el('a', c.title, { href: docLink(c.documentId, undefined, c.start, c.end) }));
      if (c.status) li.append(statusBadge(c.status));
      if (c.groups) li.append(lockBadge(c.groups));
      li.append(el('span', '（' + [c.date, c.headingPath ? c.headingPath.join(' › ') : '', c.page ? '第' + c.page + '页' : ''].filter(Boolean).join('，') + '）“' + c.quote + '”', { class: 'meta' }));
      list.append(li);
    }
    // No answer: not a dead end, the documents that came closest, each opening at its passage.
    if (answer.abstained && answer.passages && answer.passages.length) {
      const seen = new Set();
      const closest = answer.passages.filter((p) => !seen.has(p.documentId) && seen.add(p.documentId)).slice(0, 3);
      const li = el('li', '最接近的文件：', { class: 'closest' });
      const inner = el('ul');
      for (const p of closest) {
        const item = el('li');
        item.append(el('a', p.title, { href: docLink(p.documentId, p.passageId.split('-').pop()) }), el('span', '（' + p.date + '）', { class: 'meta' }));
        if (p.groups) item.append(lockBadge(p.groups));
        inner.append(item);
      }
      li.append(inner);
      list.append(li);
    }
  }

  async function askOnce(question, history, status) {
    let response;
    try {
      response = await postJson('/api/ask', { question, history });
    } catch { status.textContent = '无法连接服务，请稍后再试。'; status.classList.add('error'); return null; }
    if (!response.ok) { status.textContent = '未能回答：' + await problemText(response); status.classList.add('error'); return null; }
    return response.json();
  }

  async function runAsk(question, followUps) {
    show('ask-view');
    $('question').value = question;
    const status = $('ask-status'); status.classList.remove('error');
    $('answer').hidden = true; $('followups').replaceChildren(); $('followup-form').hidden = true;
    if (!question.trim()) { status.textContent = '请输入问题，例如：2024年计划推进多少个海洋重点项目？'; return; }
    status.textContent = '正在查找答案…';
    const answer = await askOnce(question, [], status);
    if (!answer) return;
    status.textContent = '';
    renderAnswer(answer, $('answer-text'), $('answer-mode'), $('citations'));
    $('answer').hidden = false;
    // Each follow-up is asked with the turns before it (their questions and the answers they got).
    const history = [{ question, answer: answer.abstained ? null : answer.answer }];
    for (const followUp of followUps) {
      status.textContent = '正在回答追问…';
      const turn = await askOnce(followUp, history, status);
      if (!turn) return;
      const article = el('article', null, { class: 'answer followup' });
      article.append(el('p', '追问：' + followUp, { class: 'followup-question' }));
      const text = el('p', null, { class: 'answer-text' }); const mode = el('p', null, { class: 'meta' }); const list = el('ol', null, { class: 'citations' });
      article.append(text, mode, list);
      renderAnswer(turn, text, mode, list);
      $('followups').append(article);
      history.push({ question: followUp, answer: turn.abstained ? null : turn.answer });
    }
    status.textContent = '';
    $('followup').value = '';
    $('followup-form').hidden = false;
  }

  $('ask-form').addEventListener('submit', (e) => {
    e.preventDefault();
    history.pushState(null, '', '/?ask=' + encodeURIComponent($('question').value.trim()));
    route();
  });

  $('followup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const followUp = $('followup').value.trim();
    if (!followUp) return;
    const params = new URLSearchParams(location.search);
    params.append('then', followUp);
    history.pushState(null, '', '/?' + params.toString());
    route();
  });

  $('new-question').addEventListener('click', () => {
    history.pushState(null, '', '/?ask=');
    route();
    $('question').focus();
  });

  // ---- compare ----
  function parseYears(text) {
    const years = new Set();
    for (const part of text.split(/[,，、\s]+/).filter(Boolean)) {
      const range = /^(\d{4})\s*[-–~到至]\s*(\d{4})$/.exec(part);
      if (range) { for (let y = +range[1]; y <= +range[2] && y - +range[1] < 20; y++) years.add(y); continue; }
      if (!/^\d{4}$/.test(part)) return null;
      years.add(+part);
    }
    return [...years].sort((a, b) => a - b);
  }

  async function runCompare(question, yearsText) {
    show('compare-view');
    $('compare-question').value = question; $('compare-years').value = yearsText;
    const status = $('compare-status'); status.classList.remove('error');
    $('compare-result').hidden = true;
    if (!question.trim()) { status.textContent = '请输入不带年份的问题和要对比的年份，例如：全国海洋生产总值是多少？ 2022,2023,2024'; return; }
    const years = parseYears(yearsText);
    if (!years || years.length === 0) { status.textContent = '请填写要对比的年份，例如：2022,2023,2024'; status.classList.add('error'); return; }
    status.textContent = '正在逐年查找…';
    let response;
    try {
      response = await postJson('/api/compare', { question, years, chart: true });
    } catch { status.textContent = '无法连接服务，请稍后再试。'; status.classList.add('error'); return; }
    if (!response.ok) { status.textContent = '未能对比：' + await problemText(response); status.classList.add('error'); return; }
    const result = await response.json();
    status.textContent = '回答方式：' + modeName(result.mode);
    $('compare-caption').textContent = result.question;
    const rows = $('compare-rows'); rows.replaceChildren();
    for (const cell of result.years) {
      const tr = el('tr', null, { 'data-year': String(cell.year) });
      tr.append(el('th', cell.year + '年', { scope: 'row' }));
      const answerCell = el('td');
      if (cell.abstained) answerCell.append(el('span', '未找到', { class: 'meta' }));
      else appendCited(answerCell, cell.answer, cell.citations);
      tr.append(answerCell);
      tr.append(el('td', cell.figure ? cell.figure.text : ''));
      const source = el('td');
      if (!cell.abstained && cell.citations.length) {
        const c = cell.citations[0];
        source.append(el('a', cell.title, { href: docLink(c.documentId, undefined, c.start, c.end) }));
        source.append(el('span', '（' + cell.date + '）', { class: 'meta' }));
      }
      tr.append(source);
      rows.append(tr);
    }
    // The chart is SVG drawn by the server from the same figures (its text escaped there); parsed as SVG, not HTML.
    const chart = $('compare-chart'); chart.replaceChildren();
    if (result.chart) {
      // The page's Content-Security-Policy allows no inline style, not even while parsing: the chart's own <style>
      // (for SVG files saved on their own) is dropped before, and the same rules come from app.css.
      const markup = result.chart.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
      const svg = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
      if (svg.nodeName === 'svg') chart.append(document.importNode(svg, true));
    }
    $('compare-result').hidden = false;
  }

  $('compare-form').addEventListener('submit', (e) => {
    e.preventDefault();
    history.pushState(null, '', '/?compare=' + encodeURIComponent($('compare-question').value.trim())
      + '&years=' + encodeURIComponent($('compare-years').value.trim()));
    route();
  });

  // ---- document ----
  async function runDoc(documentId, params) {
    show('doc-view');
    const textBox = $('doc-text'); textBox.replaceChildren();
    $('doc-title').textContent = '加载中…'; $('doc-meta').textContent = ''; $('doc-alternates').replaceChildren(); $('doc-lifecycle').hidden = true;
    const response = await fetch('/api/documents/' + encodeURIComponent(documentId));
    if (!response.ok) { $('doc-title').textContent = '未找到该文件'; $('doc-meta').textContent = await problemText(response); return; }
    const doc = await response.json();
    document.title = doc.title + ' - PolicySearch';
    $('doc-title').textContent = doc.title;
    if (doc.groups) $('doc-title').append(lockBadge(doc.groups));
    $('doc-meta').textContent = [doc.agency, doc.date, TYPES[doc.docType] || doc.docType, doc.file, doc.ocr ? '扫描件，文字由OCR识别，可能有误' : ''].filter(Boolean).join(' · ');
    renderLifecycle(doc);
    if (doc.alternates.length) {
      $('doc-alternates').append(el('span', '转载版本：'));
      for (const a of doc.alternates) $('doc-alternates').append(el('span', a.title + '（' + a.file + '，' + a.date + '） '));
    }
    const start = parseInt(params.get('start'), 10); const end = parseInt(params.get('end'), 10);
    const hasQuote = Number.isFinite(start) && Number.isFinite(end) && end > start;
    let cursor = 0; let quoteNode = null;
    const append = (container, from, to) => {
      // Splits [from, to) around the quote so that it is wrapped in <mark>; the first part carries id="quote".
      if (hasQuote && start < to && end > from) {
        const a = Math.max(from, start); const b = Math.min(to, end);
        if (a > from) container.append(document.createTextNode(doc.text.slice(from, a)));
        const mark = el('mark', doc.text.slice(a, b), quoteNode ? { class: 'quote' } : { id: 'quote', class: 'quote' });
        quoteNode = quoteNode || mark;
        container.append(mark);
        if (b < to) container.append(document.createTextNode(doc.text.slice(b, to)));
      } else {
        container.append(document.createTextNode(doc.text.slice(from, to)));
      }
    };
    for (const p of doc.passages) {
      if (p.start > cursor) append(textBox, cursor, p.start);
      const span = el('span', null, { id: 'p' + p.ordinal, class: 'passage' });
      append(span, p.start, p.end);
      textBox.append(span);
      cursor = p.end;
    }
    if (cursor < doc.text.length) append(textBox, cursor, doc.text.length);
    const target = quoteNode || (location.hash && document.getElementById(location.hash.slice(1)));
    if (target) target.scrollIntoView({ block: 'center' });
  }

  function route() {
    const params = new URLSearchParams(location.search);
    const docMatch = /^\/doc\/([^/]+)$/.exec(location.pathname);
    if (docMatch) return runDoc(decodeURIComponent(docMatch[1]), params);
    if (params.has('ask')) return runAsk(params.get('ask') || '', params.getAll('then').filter((t) => t.trim()));
    if (params.has('compare')) return runCompare(params.get('compare') || '', params.get('years') || '');
    return runSearch(params);
  }

  window.addEventListener('popstate', route);
  loadSession().then(route);
})();
