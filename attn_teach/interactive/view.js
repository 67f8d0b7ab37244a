/* attn_teach interactive attention view, the reader of data format 2. Plain JavaScript, no
 * library, no network. The numbers are computed in Python (attn_teach/interactive/) and embedded
 * as JSON: per matrix a colour code plane k (uint8) and a digit plane r (int8) inside zlib blobs
 * inflated with the browser's DecompressionStream; the printed value in thousandths is
 * round((k + 0.5) / 256 * max * 1000) + r (encoder.py, which mirrors this arithmetic).
 * This script draws them: a canvas heatmap, token labels and values as HTML text,
 * SVG lines from the pointed token (as bertviz's head view). */
(function () {
  "use strict";
  var FORMAT = 2, LEVELS = 256, ROW = 18, LINE_W = 150, MAX_LINES = 120;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* A page string with its {name} fields filled in; every string comes from Python (data.ui), translated. */
  function fill(text, fields) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in fields ? String(fields[name]) : whole; });
  }

  function bytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /* A blob inflated (zlib, "deflate" in the Compression Streams standard): a promise of bytes. */
  function inflate(b64) {
    var stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  /* A printed value from its thousandths, with integers only: 62 -> "0.062". */
  function fmtT(t) { var f = String(t % 1000); return Math.floor(t / 1000) + "." + "000".slice(f.length) + f; }

  /* The page's blobs, inflated when first needed: got[b] is the bytes of blob b once loaded. */
  function Store(encoded) {
    var got = [], pending = [];
    this.got = got;
    this.load = function (b) {
      return pending[b] || (pending[b] = inflate(encoded[b]).then(function (bytes) { got[b] = bytes; }));
    };
  }

  /* One stored matrix, unpacked to n x n colour codes and printed thousandths; -1 marks a masked cell. */
  function unpack(blobs, entry, n, causal) {
    var raw = blobs[entry.b], half = raw.length / 2, o = entry.o;
    var digits = new Int8Array(raw.buffer, raw.byteOffset + half, half);
    var codes = new Int16Array(n * n), shown = new Int32Array(n * n), guess = new Int32Array(LEVELS), i = 0;
    for (var c = 0; c < LEVELS; c++) guess[c] = Math.round((c + 0.5) / LEVELS * entry.s * 1000);
    function put(at) { var c = raw[o + i]; codes[at] = c; shown[at] = guess[c] + digits[o + i]; i++; }
    if (!causal) { for (var a = 0; a < n * n; a++) put(a); } else {
      codes.fill(-1); shown.fill(-1);
      for (var q = 0; q < n; q++) for (var k = 0; k <= q; k++) put(q * n + k);
    }
    return { n: n, codes: codes, shown: shown, top: entry.t };
  }

  function View(root, data, store) {
    var blobs = store.got;
    var init = data.initial, self = this, cache = {}, T = data.ui;
    var lut = new Uint8Array(data.lut.match(/../g).map(function (h) { return parseInt(h, 16); }));
    var mask = [1, 3, 5].map(function (i) { return parseInt(data.mask.substr(i, 2), 16); });
    var state = { layer: init.layer, head: init.head, hideSpecial: init.hideSpecial, words: init.words,
                  rollout: false };
    var m = null, tokens = [], cell = 1, pointed = { q: null, k: null };

    /* -- controls ------------------------------------------------------------------- */
    var bar = el("div", "atv-controls");
    bar.setAttribute("role", "group"); bar.setAttribute("aria-label", T.controls);
    function labelled(text, input) { var l = el("label", null, text + " "); l.appendChild(input); bar.appendChild(l); return input; }
    var layerSel = labelled(T.layer, el("select", "atv-layer"));
    data.layers.forEach(function (L) { var o = el("option", null, String(L)); o.value = L; layerSel.appendChild(o); });
    var headSel = labelled(T.head, el("select", "atv-head"));
    function check(cls, text) { var c = el("input", cls); c.type = "checkbox"; var l = el("label"); l.appendChild(c); l.appendChild(document.createTextNode(" " + text)); bar.appendChild(l); return c; }
    var specialBox = check("atv-special", T.hideSpecial);
    var wordsBox = check("atv-words", T.words);
    var rollBox = check("atv-rollout", T.rollout);
    rollBox.disabled = !data.rollout;
    if (!data.rollout) rollBox.parentNode.title = T.rolloutMissing;
    var title = el("div", "atv-title"), note = el("div", "atv-note");
    var main = el("div", "atv-main"), grid = el("div", "atv-grid"), side = el("div", "atv-side");
    var colLabels = el("div", "atv-cols"), rowLabels = el("div", "atv-rows"), box = el("div", "atv-box");
    var canvas = el("canvas", "atv-canvas"), rowBand = el("div", "atv-band atv-rowband"), colBand = el("div", "atv-band atv-colband");
    var corner = el("div", "atv-corner", T.corner);
    box.appendChild(canvas); box.appendChild(rowBand); box.appendChild(colBand);
    grid.appendChild(corner); grid.appendChild(colLabels); grid.appendChild(rowLabels); grid.appendChild(box);
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "application"); canvas.setAttribute("aria-label", T.matrix);
    var readout = el("div", "atv-readout", T.idle);
    readout.setAttribute("role", "status"); readout.setAttribute("aria-live", "polite");
    canvas.setAttribute("aria-describedby", readout.id = root.id + "-readout");
    var scaleBar = el("div", "atv-scale"), precision = el("div", "atv-precision",
      fill(T.precision, { digits: data.digits, levels: LEVELS }));
    var lists = el("div", "atv-lists"), left = el("div", "atv-list atv-queries"), right = el("div", "atv-list atv-keys");
    lists.tabIndex = 0; grid.tabIndex = 0;  /* scrollable boxes: reachable from the keyboard */
    lists.setAttribute("role", "region"); lists.setAttribute("aria-label", T.listHead);
    grid.setAttribute("role", "region"); grid.setAttribute("aria-label", T.matrix);
    left.setAttribute("role", "list"); left.setAttribute("aria-label", T.queries);
    right.setAttribute("role", "list"); right.setAttribute("aria-label", T.keys);
    var svgNS = "http://www.w3.org/2000/svg", svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("class", "atv-lines"); svg.setAttribute("aria-hidden", "true");
    lists.appendChild(left); lists.appendChild(svg); lists.appendChild(right);
    side.appendChild(el("div", "atv-listhead", T.listHead));
    side.appendChild(lists);
    main.appendChild(grid); main.appendChild(side);
    [bar, title, note, readout, scaleBar, precision, main].forEach(function (e) { root.appendChild(e); });
    if (data.omitted.length) note.textContent = fill(T.leftOut, { notes: data.omitted.join(T.noteSep) });

    function key(hide, words) { return words ? (hide ? "words_nospecial" : "words") : (hide ? "nospecial" : "tokens"); }
    function has(hide, words) { return !!data.variants[key(hide, words)]; }
    specialBox.checked = state.hideSpecial; wordsBox.checked = state.words;

    /* -- the matrix in view ------------------------------------------------------------ */
    /* The matrix in view, or null while its blob is being inflated (then it paints again). */
    function current() {
      var stored, n, id;
      if (state.rollout) {
        stored = data.rollout; n = data.variants.tokens.tokens.length; id = "rollout";
      } else {
        var v = data.variants[key(state.hideSpecial, state.words)], entry = v.layers[String(state.layer)];
        id = key(state.hideSpecial, state.words) + "/" + state.layer + "/" + state.head;
        stored = state.head === null || !v.heads ? entry.mean : entry.heads[state.head]; n = v.tokens.length;
      }
      if (cache[id]) return cache[id];
      if (!blobs[stored.b]) { store.load(stored.b).then(paint); return null; }
      return (cache[id] = unpack(blobs, stored, n, data.causal));
    }
    /* the printed value of a cell in thousandths, null where masked */
    function value(q, k) { var t = m.shown[q * m.n + k]; return t < 0 ? null : t; }
    function fmt(t) { return t === null ? "\u2014" : fmtT(t); }

    function fillHeads() {
      var v = data.variants[key(state.hideSpecial, state.words)];
      headSel.textContent = "";
      var o = el("option", null, fill(T.meanOption, { heads: data.nHeads })); o.value = ""; headSel.appendChild(o);
      if (v.heads) for (var h = 0; h < data.nHeads; h++) { o = el("option", null, String(h)); o.value = h; headSel.appendChild(o); }
      if (!v.heads) state.head = null;
      headSel.value = state.head === null ? "" : String(state.head);
      headSel.title = v.heads ? "" : T.meanOnly;
    }

    function paint() {
      var variant = data.variants[state.rollout ? "tokens" : key(state.hideSpecial, state.words)];
      var shown = current();
      if (!shown) return;
      tokens = variant.tokens; m = shown;
      var n = m.n;
      var room = Math.min(720, (root.clientWidth || 820) - 100);  /* a phone: the matrix fits the screen */
      cell = Math.max(1, Math.min(28, Math.floor(Math.max(room, 120) / n)));
      canvas.width = n; canvas.height = n;
      canvas.style.width = canvas.style.height = (n * cell) + "px";
      var ctx = canvas.getContext("2d"), img = ctx.createImageData(n, n), px = img.data;
      for (var i = 0; i < n * n; i++) {
        var c = m.codes[i], o = 4 * i;
        if (c < 0) { px[o] = mask[0]; px[o + 1] = mask[1]; px[o + 2] = mask[2]; }
        else { px[o] = lut[3 * c]; px[o + 1] = lut[3 * c + 1]; px[o + 2] = lut[3 * c + 2]; }
        px[o + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      var step = Math.max(1, Math.ceil(12 / cell)), font = Math.max(8, Math.min(13, cell - 3));
      rowLabels.textContent = ""; colLabels.textContent = "";
      rowLabels.style.height = colLabels.style.width = (n * cell) + "px";
      for (var t = 0; t < n; t += step) {
        var r = el("span", "atv-label", tokens[t]), cl = el("span", "atv-label", tokens[t]);
        r.style.top = (t * cell + cell / 2 - font * 0.65) + "px"; r.style.fontSize = font + "px"; r.dataset.q = t;
        cl.style.left = (t * cell + cell / 2 - font * 0.65) + "px"; cl.style.fontSize = font + "px"; cl.dataset.k = t;
        rowLabels.appendChild(r); colLabels.appendChild(cl);
      }
      buildLists(n);
      var which = state.rollout ? fill(T.titleRollout, { layers: data.layers.length })
        : fill(T.titleLayer, { layer: state.layer, head: state.head === null ? fill(T.titleMean, { heads: data.nHeads })
                                                                             : fill(T.titleHead, { head: state.head }) });
      title.textContent = data.model + " \u2014 " + which + " \u2014 " + (state.rollout ? T.allTokens : variant.label) +
        (data.causal ? " \u2014 " + T.causal : "");
      scaleBar.textContent = "";
      scaleBar.appendChild(el("span", null, "0"));
      var grad = el("span", "atv-gradient");
      var stops = []; for (var s = 0; s <= 8; s++) { var j = Math.round(s * (LEVELS - 1) / 8); stops.push("rgb(" + lut[3 * j] + "," + lut[3 * j + 1] + "," + lut[3 * j + 2] + ")"); }
      grad.style.background = "linear-gradient(to right," + stops.join(",") + ")";
      scaleBar.appendChild(grad);
      scaleBar.appendChild(el("span", null, fill(T.scaleMax, { max: fmtT(m.top) })));
      root.dataset.layer = state.rollout ? "rollout" : state.layer;
      root.dataset.head = state.head === null ? "mean" : state.head;
      root.dataset.variant = state.rollout ? "rollout" : key(state.hideSpecial, state.words);
      root.dataset.n = n;
      point(pointed.q !== null && pointed.q < n ? pointed.q : null, pointed.k !== null && pointed.k < n ? pointed.k : null);
    }

    function buildLists(n) {
      left.textContent = ""; right.textContent = "";
      [left, right].forEach(function (list, side) {
        var frag = document.createDocumentFragment();
        for (var i = 0; i < n; i++) {
          var item = el("div", "atv-item"), t = el("span", "atv-tok", tokens[i]), v = el("span", "atv-val", "");
          item.setAttribute("role", "listitem");
          if (side === 0) { item.appendChild(v); item.appendChild(t); item.dataset.q = i; }
          else { item.appendChild(t); item.appendChild(v); item.dataset.k = i; }
          frag.appendChild(item);
        }
        list.appendChild(frag);
      });
      svg.setAttribute("width", LINE_W); svg.setAttribute("height", n * ROW);
    }

    /* -- pointing ------------------------------------------------------------------------ */
    function point(q, k) {
      pointed = { q: q, k: k };
      var n = m.n, i, lines = [], maxw = 0;
      rowBand.style.display = q === null ? "none" : "block";
      colBand.style.display = k === null ? "none" : "block";
      if (q !== null) { rowBand.style.top = (q * cell) + "px"; rowBand.style.height = cell + "px"; rowBand.style.width = (n * cell) + "px"; }
      if (k !== null) { colBand.style.left = (k * cell) + "px"; colBand.style.width = cell + "px"; colBand.style.height = (n * cell) + "px"; }
      var rightVals = right.children, leftVals = left.children;
      for (i = 0; i < n; i++) {
        var rv = q === null ? null : value(q, i), lv = k === null ? null : value(i, k);
        rightVals[i].lastChild.textContent = q === null ? "" : fmt(rv);
        leftVals[i].firstChild.textContent = k === null ? "" : fmt(lv);
        rightVals[i].classList.toggle("atv-on", i === k);
        leftVals[i].classList.toggle("atv-on", i === q);
        if (q !== null && rv) { lines.push([q, i, rv]); maxw = Math.max(maxw, rv); }  /* thousandths */
        else if (q === null && k !== null && lv) { lines.push([i, k, lv]); maxw = Math.max(maxw, lv); }
      }
      var parts = [];
      lines.sort(function (a, b) { return b[2] - a[2]; });  /* the strongest first, at most MAX_LINES */
      lines.slice(0, MAX_LINES).forEach(function (l) {
        if (l[2] < maxw * 0.02) return;
        parts.push('<line x1="0" y1="' + (l[0] * ROW + ROW / 2) + '" x2="' + LINE_W + '" y2="' + (l[1] * ROW + ROW / 2) +
          '" stroke-width="' + (0.5 + 6 * l[2] / maxw).toFixed(2) + '" stroke-opacity="' + (0.15 + 0.85 * l[2] / maxw).toFixed(2) + '"/>');
      });
      svg.innerHTML = parts.join("");
      if (q === null && k === null) { readout.textContent = T.idle; return; }
      readout.textContent = "";
      if (q !== null) readout.appendChild(el("span", "atv-rq", fill(T.query, { q: q, token: tokens[q] })));
      if (q !== null && k !== null) readout.appendChild(document.createTextNode(" \u2192 "));
      if (k !== null) readout.appendChild(el("span", "atv-rk", fill(T.key, { k: k, token: tokens[k] })));
      if (q !== null && k !== null) {
        var v = value(q, k);
        readout.appendChild(document.createTextNode(": "));
        readout.appendChild(el("span", "atv-rv", v === null ? T.masked : fmt(v)));
      } else {
        readout.appendChild(document.createTextNode(q !== null ? T.rowHint : T.columnHint));
      }
    }
    this.point = point;

    function onCanvas(e) {
      var r = canvas.getBoundingClientRect(), n = m.n;
      var k = Math.floor((e.clientX - r.left) / cell), q = Math.floor((e.clientY - r.top) / cell);
      if (q >= 0 && q < n && k >= 0 && k < n && (q !== pointed.q || k !== pointed.k)) point(q, k);
    }
    canvas.addEventListener("mousemove", onCanvas);
    canvas.addEventListener("click", onCanvas);  /* a tap on a phone */
    var MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    canvas.addEventListener("keydown", function (e) {
      var move = MOVES[e.key], n = m.n;
      if (e.key === "Home" || e.key === "End") move = [0, 0];
      if (!move) return;
      e.preventDefault();
      var q = pointed.q === null ? 0 : pointed.q, k = pointed.k === null ? 0 : pointed.k;
      if (pointed.q !== null && pointed.k !== null) { q += move[0]; k += move[1]; }
      if (e.key === "Home") k = 0;
      if (e.key === "End") k = n - 1;
      point(Math.max(0, Math.min(n - 1, q)), Math.max(0, Math.min(n - 1, k)));
    });
    function onItem(e) {
      var t = e.target.closest("[data-q],[data-k]");
      if (!t || !root.contains(t)) return;
      if (t.dataset.q !== undefined) point(+t.dataset.q, null); else point(null, +t.dataset.k);
    }
    [left, right, rowLabels, colLabels].forEach(function (c) { c.addEventListener("mouseover", onItem); });

    /* -- selectors and switches ------------------------------------------------------------ */
    layerSel.addEventListener("change", function () { state.layer = +layerSel.value; paint(); });
    headSel.addEventListener("change", function () { state.head = headSel.value === "" ? null : +headSel.value; paint(); });
    specialBox.addEventListener("change", function () { state.hideSpecial = specialBox.checked; sync(); });
    wordsBox.addEventListener("change", function () { state.words = wordsBox.checked; sync(); });
    rollBox.addEventListener("change", function () { state.rollout = rollBox.checked; sync(); });
    function sync() {
      if (!has(state.hideSpecial, state.words)) {  /* e.g. no special tokens: keep the other switch */
        state.hideSpecial = has(true, state.words) && state.hideSpecial;
        state.words = has(state.hideSpecial, true) && state.words;
        specialBox.checked = state.hideSpecial; wordsBox.checked = state.words;
      }
      layerSel.disabled = headSel.disabled = state.rollout;
      specialBox.disabled = state.rollout || !has(true, state.words);
      wordsBox.disabled = state.rollout || !has(state.hideSpecial, true);
      pointed = { q: null, k: null };
      fillHeads(); paint();
    }
    layerSel.value = String(state.layer);
    sync();
    root.attnTeachView = self;
    root.dataset.ready = "1";
    root.dataset.readyMs = performance.now().toFixed(1);
  }

  function fail(root, text) { root.appendChild(el("p", "atv-error", text)); root.dataset.failed = "1"; }

  /* Read the data, check its format, inflate its blobs, then draw. */
  function start(root) {
    var data = JSON.parse(root.querySelector("script.atv-data").textContent);
    if (data.format !== FORMAT) {
      fail(root, fill(root.dataset.formatText || "", { page: data.format === undefined ? 1 : data.format, reader: FORMAT }));
      return;
    }
    if (typeof DecompressionStream === "undefined") {
      fail(root, (root.dataset.errorText || "") + "DecompressionStream");
      return;
    }
    var store = new Store(data.blobs), first = [];
    Object.keys(data.variants).forEach(function (name) {  /* the blobs of the first layer shown, then the rest */
      var layer = data.variants[name].layers[String(data.initial.layer)];
      [layer.mean].concat(layer.heads || []).forEach(function (e) { first.push(store.load(e.b)); });
    });
    Promise.all(first).then(function () {
      var fallback = root.querySelector(".atv-fallback");
      if (fallback) fallback.remove();
      new View(root, data, store);
      return Promise.all(data.blobs.map(function (b, i) { return store.load(i); }));
    }).then(function () { root.dataset.complete = "1"; }).catch(function (err) {
      fail(root, (root.dataset.errorText || "") + err);
      throw err;
    });
  }

  var roots = document.querySelectorAll(".attn-teach-view:not([data-started])");
  for (var i = 0; i < roots.length; i++) {
    roots[i].dataset.started = "1";
    try { start(roots[i]); } catch (err) {
      fail(roots[i], (roots[i].dataset.errorText || "") + err);
      throw err;
    }
  }
})();
