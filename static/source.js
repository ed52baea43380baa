// The Raft core's source, shown by the page (`?source=NAME`, index.html's start
// script loads this file; raftlab.html carries it inside) without the wasm: the
// files are copied next to the page, and raftlab.html answers their fetches
// from inside. `zh`: in Chinese; `put(el)` adds an element to the body.
window.raftlabSource = function (name, zh, put) {
  var d = document;
  var files = {
    node: 'node.rs — one server: elections, replication, commit (Figure 2)',
    log: 'log.rs — the replicated log',
    message: 'message.rs — RequestVote and AppendEntries',
    io: 'io.rs — inputs, outputs, roles',
    options: 'options.rs — configuration, options, teaching bugs',
    mod: 'mod.rs — the core\'s interface'
  };
  var el = function (tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  var title = zh ? 'Raft 实验室' : 'Raft Lab';
  d.documentElement.lang = zh ? 'zh-Hans' : 'en';
  d.title = title + ' — ' + (zh ? '观察 Raft 共识算法的运行、故障与恢复' : 'Watch the Raft consensus algorithm run, break and recover');
  var app = el('div', 'app source-page'), nav = el('nav', 'files'), body = el('p', 'hint', zh ? '加载中…' : 'Loading…');
  // This page without a query: "./" would be a folder listing for
  // raftlab.html opened from a disk.
  var a = el('a', '', '← ' + title);
  a.href = '?';
  nav.appendChild(a);
  for (var n in files) {
    a = el('a', n === name ? 'current' : '', files[n]);
    a.href = '?source=' + n;
    nav.appendChild(a);
  }
  app.appendChild(nav);
  app.appendChild(body);
  put(app);
  var show = function (e) {
    var b = typeof e == 'string' ? el('pre', 'source') : el('p', 'error', e.message);
    if (typeof e == 'string') {
      var code = b.appendChild(el('code'));
      e.replace(/\r?\n$/, '').split(/\r?\n/).forEach(function (l, i) {
        var line = code.appendChild(el('span', 'line'));
        line.appendChild(el('span', 'ln', i + 1));
        line.appendChild(d.createTextNode(l + '\n'));
      });
    } else b.setAttribute('data-testid', 'error');
    app.replaceChild(b, body);
  };
  var url = 'source/' + name + '.rs';
  (files.hasOwnProperty(name) ? fetch(url).then(function (r) {
    if (!r.ok) throw Error(url + ': HTTP ' + r.status);
    return r.text();
  }, function () { throw Error(url + ': the network request failed'); })
    : Promise.reject(Error('no source file "' + name.slice(0, 40) + '"'))).then(show, show);
};
