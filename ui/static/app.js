// lipi's search page: plain JavaScript, no build step, no dependencies.
//
// The page keeps its state in the URL (?q, lang, category, from_date,
// to_date, sort, page, doc)
// so a search can be shared and the back button works, and talks to the
// JSON API only.
//
// Safety: document text (titles, bodies, fragments, URLs, ids) never goes
// through innerHTML. Fragments from the API are HTML in which everything but
// <mark> is escaped; they are split on <mark>/</mark> and rebuilt from text
// nodes and <mark> elements. Only http(s) URLs become links.
"use strict";

(function () {
  const PAGE_SIZE = 10;
  const TYPING_DELAY = 250; // ms of quiet before search-as-you-type fires
  const LOADING_DELAY = 150; // ms before "Searching…" shows, to avoid flicker

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $("search"),
    q: $("q"),
    also: $("also"),
    main: $("main"),
    controls: $("controls"),
    facets: $("facets"),
    categoryBox: $("category-box"),
    categories: $("categories"),
    sort: $("sort"),
    fromDate: $("from-date"),
    toDate: $("to-date"),
    suggest: $("suggest"),
    status: $("status"),
    results: $("results"),
    pager: $("pager"),
    prev: $("prev"),
    next: $("next"),
    pageInfo: $("page-info"),
    doc: $("doc"),
    intro: $("intro"),
    hitTemplate: $("hit-template"),
  };

  // What the page shows; mirrored in the URL.
  let state = { q: "", langs: [], cats: [], from: "", to: "", sort: "relevance", page: 1, doc: "", sounds: false };
  let typingTimer = 0;
  let loadingTimer = 0;
  let inflight = null; // AbortController of the current search
  let seq = 0; // increases with every search; stale answers are dropped
  const translitCache = new Map();

  // ---------- text helpers ----------

  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  // decodeEntities turns the character references of escaped HTML text back
  // into characters; it never creates markup.
  function decodeEntities(s) {
    return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, ref) => {
      if (ref[0] === "#") {
        const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
        return "\ufffd";
      }
      return Object.prototype.hasOwnProperty.call(NAMED, ref) ? NAMED[ref] : m;
    });
  }

  // appendMarked appends a highlighted fragment to parent: text nodes for
  // the text, <mark> elements for the API's <mark>…</mark>, nothing else.
  function appendMarked(parent, fragment) {
    let mark = null;
    for (const part of String(fragment).split(/(<\/?mark>)/)) {
      if (part === "<mark>") {
        if (!mark) {
          mark = document.createElement("mark");
          parent.appendChild(mark);
        }
      } else if (part === "</mark>") {
        mark = null;
      } else if (part !== "") {
        (mark || parent).appendChild(document.createTextNode(decodeEntities(part)));
      }
    }
  }

  function make(tag, props, text) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "class") node.className = v;
        else node.setAttribute(k, v);
      }
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // safeURL returns url when it is an absolute http(s) URL, else "".
  function safeURL(url) {
    if (typeof url !== "string" || url === "") return "";
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
    } catch (_) {
      return "";
    }
  }

  // SCRIPTS are the Indian scripts lipi reads, in the order the page lists
  // them: the ISO 15924 code the API's transliterate answer is keyed by, the
  // Unicode script name, and the language lipi assumes for text in it (the
  // language its :lang style rule names the fonts of). Devanagari is also
  // Marathi and Nepali, Bengali also Assamese: a document says so itself.
  const SCRIPTS = [
    ["Deva", "Devanagari", "hi"],
    ["Beng", "Bengali", "bn"],
    ["Guru", "Gurmukhi", "pa"],
    ["Gujr", "Gujarati", "gu"],
    ["Orya", "Oriya", "or"],
    ["Taml", "Tamil", "ta"],
    ["Telu", "Telugu", "te"],
    ["Knda", "Kannada", "kn"],
    ["Mlym", "Malayalam", "ml"],
    ["Arab", "Arabic", "ur"],
  ].map(([code, name, lang]) => ({ code, lang, re: new RegExp("\\p{Script=" + name + "}", "u") }));

  // langOf guesses the language tag of a word from its script, so the
  // browser picks a font that has its letters; "" for Latin and the rest.
  function langOf(text) {
    for (const s of SCRIPTS) if (s.re.test(text)) return s.lang;
    return "";
  }

  // Languages written right to left: their text runs right to left even
  // where it opens with a digit or a Latin word.
  const RTL = new Set(["ur", "ar", "fa", "ps", "sd", "ks", "ug", "he", "yi"]);

  // dirOf is the dir attribute for an element that shows document or query
  // text in language lang: "rtl" for a right-to-left language, else "auto"
  // (the direction of the text's first strong letter). Either way the text
  // is isolated, so it never reorders the left-to-right page around it.
  function dirOf(lang) {
    return RTL.has(String(lang || "").split("-")[0].toLowerCase()) ? "rtl" : "auto";
  }

  // wordLang is the language tag for a single word: by its script, English
  // for a Latin word, else the document's language.
  function wordLang(word, docLang) {
    return langOf(word) || (/\p{Script=Latin}/u.test(word) ? "en" : docLang || "");
  }

  // docLang is the language a document's text is shown in: its own, or,
  // when that is undetermined ("und", as the index says of a script it has
  // no language for), the language of the script of sample, its title.
  function docLang(lang, sample) {
    if (lang && lang !== "und") return lang;
    return langOf(String(sample || "")) || lang || "";
  }

  let displayNames = null;
  try {
    displayNames = new Intl.DisplayNames(["en"], { type: "language" });
  } catch (_) {
    /* old browser: codes only */
  }
  // The project's own words for its languages; Intl for the others.
  const LANG_NAMES = {
    en: "English",
    hi: "Hindi",
    mr: "Marathi",
    ne: "Nepali",
    bn: "Bengali",
    as: "Assamese",
    pa: "Punjabi",
    gu: "Gujarati",
    or: "Odia",
    ta: "Tamil",
    te: "Telugu",
    kn: "Kannada",
    ml: "Malayalam",
    ur: "Urdu",
  };
  function langName(code) {
    if (!code) return "unknown";
    if (LANG_NAMES[code]) return LANG_NAMES[code];
    try {
      const name = displayNames && displayNames.of(code);
      if (name && name !== code) return name;
    } catch (_) {
      /* not a valid tag */
    }
    return code;
  }

  // formatDate shows the calendar date of an RFC 3339 time as written (the
  // day where the article was published, not in the reader's time zone).
  function formatDate(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || "");
    if (!m || m[1] === "0001") return "";
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (isNaN(d)) return "";
    return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(d);
  }

  // Layers, as the API names them, in words a reader understands.
  function layerLabel(layer) {
    switch (layer) {
      case "native":
        return "exact";
      case "latin":
        return "transliterated";
      case "synonym":
        return "synonym";
      default:
        return "sounds alike"; // phonetic, skeleton and any further key layer
    }
  }
  function layerClass(layer) {
    switch (layer) {
      case "native":
      case "latin":
      case "synonym":
        return "chip-" + layer;
      default:
        return "chip-key";
    }
  }

  // ---------- URL state ----------

  // A date the API takes (YYYY-MM-DD), or "".
  function dateParam(v) {
    return /^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v : "";
  }

  function readURL() {
    const p = new URLSearchParams(location.search);
    const page = parseInt(p.get("page") || "1", 10);
    return {
      q: p.get("q") || "",
      langs: (p.get("lang") || "").split(",").map((s) => s.trim()).filter(Boolean),
      cats: (p.get("category") || "").split(",").map((s) => s.trim()).filter(Boolean),
      from: dateParam(p.get("from_date")),
      to: dateParam(p.get("to_date")),
      sort: p.get("sort") === "published" ? "published" : "relevance",
      page: page > 0 && page < 10000 ? page : 1,
      doc: p.get("doc") || "",
      sounds: p.get("sounds_alike") === "true",
    };
  }

  function urlFor(s) {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    if (s.langs.length) p.set("lang", s.langs.join(","));
    if (s.cats.length) p.set("category", s.cats.join(","));
    if (s.from) p.set("from_date", s.from);
    if (s.to) p.set("to_date", s.to);
    if (s.sort !== "relevance") p.set("sort", s.sort);
    if (s.page > 1) p.set("page", String(s.page));
    if (s.sounds) p.set("sounds_alike", "true");
    if (s.doc) p.set("doc", s.doc);
    const qs = p.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }

  // remember records state in the browser history: "push" for a new entry,
  // "replace" to amend the current one, "typing" to push the first keystroke
  // of a query and amend the entry for the ones after it.
  function remember(mode) {
    const url = urlFor(state);
    const typing = mode === "typing";
    const wasTyping = history.state && history.state.typing;
    if (mode === "push" || (typing && !wasTyping)) {
      if (url !== location.pathname + location.search || typing) history.pushState({ typing }, "", url);
    } else {
      history.replaceState({ typing }, "", url);
    }
  }

  // ---------- API ----------
  // Paths are relative to the page, so lipi also works behind a proxy that
  // serves it under a prefix.

  async function getJSON(url, signal) {
    let resp;
    try {
      resp = await fetch(url, { signal, headers: { Accept: "application/json" } });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new Error("lipi cannot be reached; check that the server is running.");
    }
    let body = null;
    try {
      body = await resp.json();
    } catch (_) {
      /* not JSON */
    }
    if (!resp.ok) {
      const e = body && body.error;
      const msg = e && e.message ? e.message : "the server answered " + resp.status + " " + resp.statusText;
      const err = new Error(msg);
      err.code = e && e.code;
      throw err;
    }
    if (body === null) throw new Error("the server's answer was not JSON.");
    return body;
  }

  function searchURL(s, opts) {
    const p = new URLSearchParams();
    p.set("q", s.q);
    p.set("from", String((s.page - 1) * PAGE_SIZE));
    p.set("size", String(opts.size || PAGE_SIZE));
    if (opts.langs && opts.langs.length) p.set("lang", opts.langs.join(","));
    if (opts.cats && opts.cats.length) p.set("category", opts.cats.join(","));
    if (s.from) p.set("from_date", s.from);
    if (s.to) p.set("to_date", s.to);
    if (s.sort !== "relevance") p.set("sort", s.sort);
    if (opts.prefix) p.set("prefix", "true");
    if (opts.noHighlight) p.set("highlight", "false");
    if (s.sounds) p.set("sounds_alike", "true");
    return "api/search?" + p.toString();
  }

  function docURL(id) {
    return "api/documents/" + id.split("/").map(encodeURIComponent).join("/");
  }

  // ---------- search ----------

  function setView(view) {
    el.main.dataset.state = view;
    const results = view === "results" || view === "empty" || view === "loading" || view === "error";
    el.intro.hidden = view !== "idle";
    el.doc.hidden = view !== "doc";
    el.results.hidden = !results;
    el.status.hidden = !results;
    if (!results) {
      el.controls.hidden = true;
      el.pager.hidden = true;
    }
  }

  function clearSearch() {
    if (inflight) inflight.abort();
    seq++;
    clearTimeout(loadingTimer);
    el.results.replaceChildren();
    el.status.textContent = "";
    el.also.hidden = true;
    el.also.replaceChildren();
    el.suggest.hidden = true;
    el.suggest.replaceChildren();
    el.main.dataset.query = "";
    el.results.removeAttribute("aria-busy");
    document.title = "lipi · লিপি · लिपि";
    setView("idle");
  }

  // search runs state's query and renders it; prefix lets the last word
  // match as a prefix (search as you type).
  async function search(prefix) {
    if (!state.q.trim()) {
      clearSearch();
      return;
    }
    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const mine = ++seq;
    const s = { ...state, langs: state.langs.slice(), cats: state.cats.slice() };
    document.title = s.q + " · lipi";

    clearTimeout(loadingTimer);
    el.results.setAttribute("aria-busy", "true");
    if (el.main.dataset.state !== "results" && el.main.dataset.state !== "empty") {
      el.results.replaceChildren();
      el.status.textContent = "";
      setView("loading");
    } else el.main.classList.add("busy");
    loadingTimer = setTimeout(() => {
      if (mine === seq) el.status.textContent = "Searching…";
    }, LOADING_DELAY);

    transliterate(s.q, ctl.signal);

    try {
      const main = getJSON(searchURL(s, { langs: s.langs, cats: s.cats, prefix }), ctl.signal);
      // With a language filter on, the language counts come from the same
      // query without it (but with the category filter), so the other
      // languages stay choosable; the category counts likewise.
      const counts = (opts) => getJSON(searchURL({ ...s, page: 1 }, { ...opts, size: 1, noHighlight: true }), ctl.signal).catch(() => null);
      const byLang = s.langs.length ? counts({ cats: s.cats }) : null;
      const byCat = s.cats.length ? counts({ langs: s.langs }) : null;
      const [resp, langFacets, catFacets] = await Promise.all([main, byLang, byCat]);
      if (mine !== seq) return;
      render(s, resp, langFacets, catFacets);
    } catch (err) {
      if (err.name === "AbortError" || mine !== seq) return;
      renderError(s, err);
    } finally {
      if (mine === seq) {
        clearTimeout(loadingTimer);
        el.results.removeAttribute("aria-busy");
        el.main.classList.remove("busy");
      }
    }
  }

  async function transliterate(text, signal) {
    const key = text.trim();
    let forms = translitCache.get(key);
    if (!forms) {
      try {
        forms = await getJSON("api/transliterate?text=" + encodeURIComponent(key), signal);
      } catch (_) {
        return; // the hint is optional
      }
      translitCache.set(key, forms);
    }
    if (state.q.trim() !== key) return;
    const parts = [];
    const seen = new Set([key]);
    // Every script the answer has: Latin, then the Indian scripts in
    // SCRIPTS' order, then any other by its code; a script the answer lacks
    // is skipped.
    const order = [["Latn", ""], ...SCRIPTS.map((s) => [s.code, s.lang])];
    for (const code of Object.keys(forms).sort()) {
      if (!order.some(([c]) => c === code)) order.push([code, ""]);
    }
    for (const [script, lang] of order) {
      const v = typeof forms[script] === "string" ? forms[script].trim() : "";
      if (!v || seen.has(v)) continue;
      seen.add(v);
      const l = lang || langOf(v);
      parts.push(make("span", { class: "form", lang: l || false, dir: dirOf(l), "data-script": script }, v));
    }
    el.also.replaceChildren();
    if (!parts.length) {
      el.also.hidden = true;
      return;
    }
    el.also.append("Also searching: ");
    parts.forEach((p, i) => {
      if (i) el.also.append(" · ");
      el.also.append(p);
    });
    el.also.hidden = false;
  }

  function render(s, resp, langFacets, catFacets) {
    const hits = Array.isArray(resp.hits) ? resp.hits : [];
    const total = Number(resp.total) || 0;
    el.main.dataset.query = s.q;
    renderFacets(s, (langFacets || resp).facets);
    renderCategories(s, (catFacets || resp).facets);
    el.controls.hidden = false;
    showControls(s);
    renderSuggestions(resp);

    const frag = document.createDocumentFragment();
    hits.forEach((hit, i) => frag.append(renderHit(s, hit, i)));
    el.results.replaceChildren(frag);

    if (!hits.length) {
      setView("empty");
      el.status.replaceChildren();
      el.status.append("No articles match ", quoted(s.q));
      if (s.langs.length || s.cats.length || s.from || s.to) {
        if (s.langs.length) el.status.append(" in " + s.langs.map(langName).join(", "));
        if (s.cats.length) el.status.append(" filed under " + s.cats.join(", "));
        if (s.from || s.to) el.status.append(" published " + (s.from ? "from " + s.from + " " : "") + (s.to ? "to " + s.to : ""));
        el.status.append(". ");
        const only = !s.cats.length && !s.from && !s.to;
        const b = make("button", { type: "button", class: "linkish" }, only ? "Search all languages" : "Search without filters");
        b.addEventListener("click", () => refine({ langs: [], cats: [], from: "", to: "" }));
        el.status.append(b);
      } else if (total > 0) {
        el.status.append(" on this page. ");
        const b = make("button", { type: "button", class: "linkish" }, "Go to the first page");
        b.addEventListener("click", () => goPage(1));
        el.status.append(b);
      } else if (moreSounds(s, resp)) {
        el.status.append(". ");
      } else {
        el.status.append(". Try another spelling, or fewer words.");
      }
      el.pager.hidden = true;
      return;
    }

    setView("results");
    const first = (s.page - 1) * PAGE_SIZE + 1;
    const last = first + hits.length - 1;
    el.status.replaceChildren();
    el.status.append(
      (total === 1 ? "1 article" : total + " articles") + " for ",
      quoted(s.q),
      total > hits.length ? " · showing " + first + "–" + last : "",
      typeof resp.took_ms === "number" ? " · " + resp.took_ms + " ms" : ""
    );
    const undated = Number(resp.undated) || 0;
    if (s.sort === "published" && undated > 0) {
      el.status.append(make("span", { class: "undated" }, " · " + undated + " undated, listed last"));
    }
    moreSounds(s, resp);

    const pages = Math.ceil(total / PAGE_SIZE);
    el.pager.hidden = pages <= 1;
    el.prev.disabled = s.page <= 1;
    el.next.disabled = s.page >= pages;
    el.pageInfo.textContent = "Page " + s.page + " of " + pages;
  }

  // showControls sets the order and date inputs to what s asks.
  function showControls(s) {
    el.sort.value = s.sort;
    el.fromDate.value = s.from;
    el.toDate.value = s.to;
  }

  // renderSuggestions offers the response's "did you mean" queries (it has
  // them only when nothing matched the query's spelling) as links that
  // search them.
  function renderSuggestions(resp) {
    const list = Array.isArray(resp.suggestions) ? resp.suggestions.filter((x) => typeof x === "string" && x) : [];
    el.suggest.replaceChildren();
    el.suggest.hidden = !list.length;
    if (!list.length) return;
    el.suggest.append("Did you mean: ");
    list.forEach((q, i) => {
      if (i) el.suggest.append(" · ");
      const l = langOf(q);
      const a = make("a", { href: urlFor({ ...state, q, page: 1, doc: "", sounds: false }), lang: l || false, dir: dirOf(l), "data-suggestion": q }, q);
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        state = { ...state, q, page: 1, doc: "", sounds: false };
        el.q.value = q;
        remember("push");
        search(false);
      });
      el.suggest.append(a);
    });
    el.suggest.append("?");
  }

  // moreSounds offers the documents that only sound alike, which the
  // response counts apart (sounds_alike), or a way back to the confident
  // ones; it tells whether it offered anything.
  function moreSounds(s, resp) {
    const n = Number(resp.sounds_alike) || 0;
    if (!s.sounds && n > 0) {
      el.status.append(" · ");
      const b = make("button", { type: "button", class: "linkish", "data-sounds": "more" },
        (n === 1 ? "1 more that only sounds alike" : n + " more that only sound alike"));
      b.addEventListener("click", () => refine({ sounds: true }));
      el.status.append(b);
      return true;
    }
    if (s.sounds) {
      el.status.append(" · ");
      const b = make("button", { type: "button", class: "linkish", "data-sounds": "fewer" }, "Hide weak sound-alikes");
      b.addEventListener("click", () => refine({ sounds: false }));
      el.status.append(b);
      return true;
    }
    return false;
  }


  // quoted is the query in quotation marks; the marks belong to the
  // sentence around it, the query inside them runs in its own direction.
  function quoted(q) {
    const l = langOf(q);
    const node = make("q");
    node.append(make("span", { lang: l || false, dir: dirOf(l) }, q));
    return node;
  }

  function renderHit(s, hit, i) {
    const node = el.hitTemplate.content.firstElementChild.cloneNode(true);
    const id = String(hit.id);
    const lang = docLang(hit.lang, hit.title);
    node.lang = lang;
    node.dataset.id = id;
    node.dataset.lang = hit.lang || "";

    node.querySelector(".hit-title").dir = dirOf(lang);
    const link = node.querySelector(".hit-link");
    link.href = urlFor({ ...s, doc: id });
    const titles = hit.fragments && hit.fragments.title;
    if (Array.isArray(titles) && titles.length) appendMarked(link, titles[0]);
    else link.textContent = hit.title || id;
    link.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      openDoc(id);
    });

    const badge = node.querySelector(".badge");
    badge.textContent = langName(hit.lang);
    badge.title = "Language: " + (hit.lang || "unknown");
    badge.lang = "en";
    node.dataset.match = hit.match || "";
    if (hit.match === "sounds_alike") {
      const how = make("span", { class: "badge sounds", lang: "en", title: "Found only because it sounds like the query" }, "sounds alike");
      badge.after(" ", how);
    }
    node.dataset.category = hit.category || "";
    if (hit.category) {
      // After the language and any sound-alike badge.
      const cat = make("span", { class: "badge category", title: "Category: " + hit.category }, hit.category);
      (node.querySelector(".badge.sounds") || badge).after(" ", cat);
    }

    const time = node.querySelector("time");
    const date = formatDate(hit.published);
    if (date) {
      time.dateTime = hit.published;
      time.textContent = date;
    } else time.remove();

    const src = node.querySelector(".source");
    const url = safeURL(hit.url);
    if (url) {
      src.href = url;
      src.hidden = false;
      src.lang = "en";
    } else src.remove();

    const frags = node.querySelector(".frags");
    const bodies = hit.fragments && hit.fragments.body;
    if (Array.isArray(bodies)) {
      for (const f of bodies) {
        const p = make("p", { class: "frag", dir: dirOf(lang) });
        appendMarked(p, f);
        frags.append(p);
      }
    }

    const chips = node.querySelector(".chips");
    const seen = new Set();
    for (const m of Array.isArray(hit.matches) ? hit.matches : []) {
      const key = (m.term + "\u0000" + m.query + "\u0000" + m.layer).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const termLang = wordLang(m.term, lang);
      const queryLang = wordLang(m.query, "");
      const li = make("li", { class: "chip " + layerClass(m.layer), title: "“" + m.query + "” matched “" + m.term + "” through the " + m.layer + " layer" });
      li.append(
        make("span", { class: "term", lang: termLang || false, dir: dirOf(termLang) }, m.term),
        make("span", { class: "arrow" }, " ↔ "),
        make("span", { class: "query", lang: queryLang || false, dir: dirOf(queryLang) }, m.query),
        make("span", { class: "layer", lang: "en" }, layerLabel(m.layer))
      );
      chips.append(li);
    }
    if (!chips.children.length) chips.remove();
    return node;
  }

  function renderFacets(s, facets) {
    const counts = (facets && facets.lang) || {};
    const langs = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
    for (const l of s.langs) if (!langs.includes(l)) langs.push(l);
    const buttons = langs.map((l) => {
      const on = s.langs.includes(l);
      const b = make("button", { type: "button", class: "facet", "data-lang": l, "aria-pressed": on ? "true" : "false" });
      b.append(make("span", { class: "facet-name" }, langName(l)), make("span", { class: "count" }, String(counts[l] || 0)));
      b.title = on ? "Stop filtering by " + langName(l) : "Only " + langName(l) + " articles";
      b.addEventListener("click", () => {
        const next = on ? s.langs.filter((x) => x !== l) : s.langs.concat(l);
        setLangs(next);
      });
      return b;
    });
    if (s.langs.length) {
      const all = make("button", { type: "button", class: "facet facet-all" }, "All languages");
      all.addEventListener("click", () => setLangs([]));
      buttons.unshift(all);
    }
    el.facets.replaceChildren(...buttons);
    if (!buttons.length) el.facets.append(make("span", { class: "muted" }, "none"));
  }

  // renderCategories offers a chip for each category of the matching
  // documents, and keeps the chosen ones there even when nothing matches
  // them, so they can be turned off; with no categories at all (an index
  // of documents that have none) the box stays hidden.
  function renderCategories(s, facets) {
    const counts = (facets && facets.category) || {};
    const cats = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
    for (const c of s.cats) if (!cats.includes(c)) cats.push(c);
    const buttons = cats.map((c) => {
      const on = s.cats.includes(c);
      const b = make("button", { type: "button", class: "facet", "data-category": c, "aria-pressed": on ? "true" : "false" });
      b.append(make("span", { class: "facet-name" }, c), make("span", { class: "count" }, String(counts[c] || 0)));
      b.title = on ? "Stop filtering by " + c : "Only articles filed under " + c;
      b.addEventListener("click", () => {
        refine({ cats: on ? s.cats.filter((x) => x !== c) : s.cats.concat(c) });
      });
      return b;
    });
    if (s.cats.length) {
      const all = make("button", { type: "button", class: "facet facet-all" }, "All categories");
      all.addEventListener("click", () => refine({ cats: [] }));
      buttons.unshift(all);
    }
    el.categories.replaceChildren(...buttons);
    el.categoryBox.hidden = !buttons.length;
  }

  function renderError(s, err) {
    setView("error");
    el.main.dataset.query = s.q;
    el.results.replaceChildren();
    el.pager.hidden = true;
    el.status.replaceChildren();
    el.status.append(make("strong", null, "Search failed: "), err.message + (err.code ? " (" + err.code + ")" : "") + " ");
    const retry = make("button", { type: "button", class: "linkish" }, "Try again");
    retry.addEventListener("click", () => search(false));
    el.status.append(retry);
  }

  // ---------- document view ----------

  // openDoc shows a document in the page; coming from results, the new
  // history entry says so, and "back" returns to them through history.
  async function openDoc(id) {
    const fromResults = el.main.dataset.state === "results";
    state.doc = id;
    history.pushState({ typing: false, fromResults }, "", urlFor(state));
    await showDoc(id);
  }

  async function showDoc(id) {
    if (inflight) inflight.abort();
    const mine = ++seq;
    setView("doc");
    el.main.dataset.doc = id;
    el.doc.replaceChildren(backButton(), make("p", { class: "status" }, "Loading the article…"));
    el.doc.removeAttribute("lang");
    let d;
    try {
      d = await getJSON(docURL(id), undefined);
    } catch (err) {
      if (mine !== seq) return;
      el.doc.replaceChildren(backButton(), make("p", { class: "status error" }, "Could not open the article: " + err.message));
      el.main.dataset.state = "doc-error";
      return;
    }
    if (mine !== seq) return;
    d = d.document || d;
    const lang = docLang(d.lang, d.title || String(d.body || "").slice(0, 200));
    el.doc.lang = lang;
    const title = make("h2", { class: "doc-title", id: "doc-title", dir: dirOf(lang) }, d.title || id);
    el.doc.setAttribute("aria-labelledby", "doc-title");
    const meta = make("p", { class: "meta", lang: "en" });
    meta.append(make("span", { class: "badge", title: "Language: " + (d.lang || "unknown") }, langName(d.lang)));
    const date = formatDate(d.published);
    if (date) meta.append(" ", make("time", { datetime: d.published }, date));
    const url = safeURL(d.url);
    if (url) {
      meta.append(" ", make("a", { class: "source", href: url, rel: "noopener noreferrer nofollow" }, "original ↗"));
    } else if (d.url) {
      meta.append(" ", make("span", { class: "source-text", title: "Not a web address, so not a link" }, "source: " + d.url));
    }
    const body = make("div", { class: "doc-body", dir: dirOf(lang) });
    for (const para of String(d.body || "").split(/\n\s*\n/)) {
      const t = para.trim();
      if (t) body.append(make("p", null, t));
    }
    el.doc.replaceChildren(backButton(), title, meta, body);
    document.title = (d.title || id) + " · lipi";
    el.doc.focus();
  }

  function backButton() {
    const b = make("button", { type: "button", class: "back", lang: "en" }, state.q ? "← Back to results" : "← Back to search");
    b.addEventListener("click", () => {
      if (history.state && history.state.fromResults) history.back();
      else {
        state.doc = "";
        remember("push");
        applyState();
      }
    });
    return b;
  }

  // ---------- actions ----------

  // refine changes what the search asks (languages, categories, dates,
  // sound-alikes) and runs
  // it again from its first page.
  function refine(change) {
    Object.assign(state, change, { page: 1 });
    remember("push");
    search(false);
  }

  function setLangs(langs) {
    refine({ langs });
  }

  function goPage(page) {
    state.page = page;
    remember("push");
    search(false).then(() => el.results.focus());
  }

  // applyState shows what state says, without touching history.
  function applyState() {
    if (el.q.value !== state.q) el.q.value = state.q;
    showControls(state);
    if (state.doc) showDoc(state.doc);
    else if (state.q.trim()) search(false);
    else clearSearch();
  }

  el.q.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      const q = el.q.value;
      if (q.trim() === state.q.trim() && !state.doc && el.main.dataset.state !== "idle") return;
      state = { ...state, q, page: 1, doc: "", sounds: false };
      remember("typing");
      search(true);
    }, TYPING_DELAY);
  });

  el.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(typingTimer);
    const wasTyping = history.state && history.state.typing;
    const changed = el.q.value !== state.q || state.doc;
    state = { ...state, q: el.q.value, page: 1, doc: "", sounds: changed ? false : state.sounds };
    remember(wasTyping || !changed ? "replace" : "push");
    search(false);
  });

  el.sort.addEventListener("change", () => {
    state.sort = el.sort.value === "published" ? "published" : "relevance";
    state.page = 1;
    remember("push");
    search(false);
  });

  // A date typed or picked refines the search once it is a whole date (or
  // cleared).
  for (const [input, key] of [[el.fromDate, "from"], [el.toDate, "to"]]) {
    input.addEventListener("change", () => {
      const v = dateParam(input.value);
      if (input.value && !v) return;
      if (v === state[key]) return;
      refine({ [key]: v });
    });
  }

  el.prev.addEventListener("click", () => goPage(Math.max(1, state.page - 1)));
  el.next.addEventListener("click", () => goPage(state.page + 1));

  el.intro.addEventListener("click", (ev) => {
    const a = ev.target.closest("a[data-q]");
    if (!a) return;
    ev.preventDefault();
    state = { q: a.dataset.q, langs: [], cats: [], from: "", to: "", sort: "relevance", page: 1, doc: "" };
    el.q.value = state.q;
    remember("push");
    search(false);
  });

  $("home").addEventListener("click", (ev) => {
    ev.preventDefault();
    state = { q: "", langs: [], cats: [], from: "", to: "", sort: "relevance", page: 1, doc: "" };
    el.q.value = "";
    remember("push");
    clearSearch();
    el.q.focus();
  });

  window.addEventListener("popstate", () => {
    clearTimeout(typingTimer);
    state = readURL();
    applyState();
  });

  // Keyboard: "/" focuses the search box; arrows move through the results.
  function editable(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target;
    if (ev.key === "/" && !editable(t)) {
      ev.preventDefault();
      el.q.focus();
      el.q.select();
      return;
    }
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    const links = Array.from(el.results.querySelectorAll(".hit-link"));
    if (!links.length || el.results.hidden) return;
    if (t === el.q) {
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        links[0].focus();
      }
      return;
    }
    const hit = t.closest && t.closest(".hit");
    if (!hit || !el.results.contains(hit)) return;
    const i = links.indexOf(hit.querySelector(".hit-link"));
    ev.preventDefault();
    if (ev.key === "ArrowDown") links[Math.min(i + 1, links.length - 1)].focus();
    else if (i <= 0) el.q.focus();
    else links[i - 1].focus();
  });

  state = readURL();
  history.replaceState({ typing: false }, "", urlFor(state));
  applyState();
  if (!state.q && !state.doc) el.q.focus();
})();
