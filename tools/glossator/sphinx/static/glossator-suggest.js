/* glossator: "Suggest a note" on the article page.

   Select words in the article (mouse, touch or keyboard), choose "Suggest a note", fill in
   the form, and get a note page that `glossator check` accepts as it stands: sent as a pull
   request through GitHub's "new file" page when the site names its repository, otherwise
   copied or downloaded.

   The anchor is computed against the verbatim text (fetched from the site, the file the
   download link gives), never against the page with its marks: the words selected are found
   by their offsets in their passage, then given a prefix and a suffix only when they occur
   more than once in the source, the rule `glossator check` applies (glossator/anchors.py).
   The page is rendered from the note template `glossator new` uses, shipped by the build in
   _static/glossator-suggest.json. Nothing typed into the form is ever put into the page as
   markup: the preview is text. */
(function () {
  "use strict";

  const PASSAGE = ".glossator-passage";
  const URL_LIMIT = 8000; // longer "new file" addresses are refused by GitHub: copy instead
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
  let data = null;
  const texts = {};
  let floating = null;
  let dialog = null;
  let pending = null; // the last selection inside the article: a Range

  function root() {
    return document.documentElement.dataset.content_root || "";
  }

  async function load() {
    if (!data) {
      const response = await fetch(root() + "_static/glossator-suggest.json");
      if (!response.ok) {
        throw new Error("the archive's data for suggestions could not be loaded");
      }
      data = await response.json();
    }
    return data;
  }

  async function sourceText(id) {
    if (!(id in texts)) {
      const response = await fetch(root() + data.texts[id]);
      if (!response.ok) {
        throw new Error("the verbatim text could not be loaded");
      }
      texts[id] = await response.text();
    }
    return texts[id];
  }

  // -- the anchor ----------------------------------------------------------------------------

  function numberOf(passage) {
    if (passage.dataset.passage) {
      return Number(passage.dataset.passage);
    }
    const section = passage.closest("section[id]");
    return section ? Number(section.id.replace(/^p/, "")) : NaN;
  }

  /* The passage's words before (container, offset): the page's text without the permalink. */
  function offsetIn(passage, container, offset) {
    const range = document.createRange();
    range.selectNodeContents(passage);
    range.setEnd(container, offset);
    const copy = range.cloneContents();
    copy.querySelectorAll("a.headerlink").forEach((e) => e.remove());
    return copy.textContent.length;
  }

  function passageOf(node) {
    const element = node.nodeType === 1 ? node : node.parentElement;
    const passage = element && element.closest(PASSAGE);
    return passage && passage.closest("section.glossator-source") ? passage : null;
  }

  class Refused extends Error {}

  /* Where ``exact`` (with ``prefix`` right before and ``suffix`` right after) occurs in
     ``text``: overlapping occurrences count, as in glossator.anchors.find_all. */
  function findAll(text, exact, prefix, suffix) {
    const starts = [];
    let position = text.indexOf(exact);
    while (position !== -1) {
      const before = text.slice(Math.max(0, position - prefix.length), position);
      const after = text.slice(position + exact.length, position + exact.length + suffix.length);
      if ((!prefix || before === prefix) && (!suffix || after === suffix)) {
        starts.push(position);
      }
      position = text.indexOf(exact, position + 1);
    }
    return starts;
  }

  /* Context that makes the quote unique, in whole words, inside its passage when it can. */
  function disambiguate(text, start, end, lineStart, lineEnd) {
    const exact = text.slice(start, end);
    if (findAll(text, exact, "", "").length === 1) {
      return { prefix: "", suffix: "" };
    }
    const wordsBack = (from, count) => {
      let at = from;
      for (let n = 0; n < count && at > lineStart; n++) {
        at--;
        while (at > lineStart && !/\s/.test(text[at - 1])) at--;
      }
      return text.slice(at, from);
    };
    const wordsAhead = (from, count) => {
      let at = from;
      for (let n = 0; n < count && at < lineEnd; n++) {
        at++;
        while (at < lineEnd && !/\s/.test(text[at])) at++;
      }
      return text.slice(from, at);
    };
    for (let count = 1; count <= 40; count++) {
      const prefix = wordsBack(start, count).slice(-200);
      const suffix = wordsAhead(end, count).slice(0, 200);
      for (const [p, s] of [[prefix, ""], ["", suffix], [prefix, suffix]]) {
        if ((p || s) && findAll(text, exact, p, s).length === 1 && findAll(text, exact, p, s)[0] === start) {
          return { prefix: p, suffix: s };
        }
      }
    }
    throw new Refused("These words occur more than once and their paragraph does not tell them apart: select more words.");
  }

  /* The W3C TextQuoteSelector of a selection, against the verbatim text. */
  async function anchorOf(range) {
    const first = passageOf(range.startContainer);
    const last = passageOf(range.endContainer);
    if (!first || !last) {
      throw new Refused("Select words of the article itself (not the notes, numbers or panel).");
    }
    if (first !== last) {
      throw new Refused("Select words inside one paragraph: an anchor cannot cross two.");
    }
    let a = offsetIn(first, range.startContainer, range.startOffset);
    let b = offsetIn(first, range.endContainer, range.endOffset);
    const panel = first.closest("section.glossator-source").querySelector("[data-source]");
    const sourceId = panel ? panel.dataset.source : Object.keys(data.texts)[0];
    const text = await sourceText(sourceId);
    const lines = text.split("\n");
    const number = numberOf(first);
    const line = lines[number - 1];
    const shown = offsetIn(first, first, first.childNodes.length);
    if (line === undefined || line.length !== shown) {
      throw new Refused("This page and the published text disagree: reload the page.");
    }
    while (a < b && /\s/.test(line[a])) a++;
    while (b > a && /\s/.test(line[b - 1])) b--;
    if (a >= b) {
      throw new Refused("The selection holds only spaces: select words.");
    }
    const lineStart = lines.slice(0, number - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const start = lineStart + a;
    const end = lineStart + b;
    const context = disambiguate(text, start, end, lineStart, lineStart + line.length);
    return { source: sourceId, exact: text.slice(start, end), prefix: context.prefix, suffix: context.suffix, passage: number };
  }

  // -- the page ------------------------------------------------------------------------------

  /* Python's string.Template.substitute: $name, ${name} and $$. */
  function substitute(template, values) {
    return template.replace(/\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi, (all, dollar, name, braced) => {
      if (dollar) return "$";
      const key = name || braced;
      if (!(key in values)) throw new Error("template placeholder $" + key + " has no value");
      return values[key];
    });
  }

  const quoted = (value) => JSON.stringify(value); // a YAML double-quoted scalar, as in scaffold.py

  function slugOf(title, taken) {
    const base = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || "note";
    let ident = base;
    for (let n = 2; taken.has(ident); n++) ident = base + "-" + n;
    return ident;
  }

  function renderPage(form, anchor) {
    const title = form.title.trim();
    if (!title) throw new Refused("Give the note a title.");
    if (title.length > 300 || CONTROL.test(title) || /[\r\n]/.test(title)) {
      throw new Refused("The title must be one line of at most 300 characters, without control characters.");
    }
    const body = form.text.replace(/\r\n?/g, "\n").trim();
    if (!body) throw new Refused("Write the note's text.");
    if (CONTROL.test(body.replace(/[\n\t]/g, ""))) throw new Refused("The text holds control characters: remove them.");
    if (!data.note_kinds.includes(form.kind)) throw new Refused("Choose what the note is about.");
    const ids = new Set(data.objects.map((o) => o.id));
    const about = form.about.filter((id, i, all) => all.indexOf(id) === i);
    about.forEach((id) => {
      if (!ids.has(id)) throw new Refused("'" + id + "' is not an object of the archive.");
    });
    const keys = new Set(data.keys);
    const cites = form.cites.filter((key, i, all) => all.indexOf(key) === i);
    cites.forEach((key) => {
      if (!keys.has(key)) throw new Refused("'" + key + "' is not a key of the bibliography.");
    });
    let anchors = "anchors:\n  - source: " + anchor.source + "\n    exact: " + quoted(anchor.exact);
    if (anchor.prefix) anchors += "\n    prefix: " + quoted(anchor.prefix);
    if (anchor.suffix) anchors += "\n    suffix: " + quoted(anchor.suffix);
    const ident = slugOf(title, ids);
    const text = substitute(data.template, {
      title: quoted(title),
      note_kind: form.kind,
      about: about.length ? "about: [" + about.join(", ") + "]" : "# about: [an-object-id]        # objects this note is about",
      cites: cites.length ? "cites: [" + cites.join(", ") + "]" : "# cites: [a-bibliography-key]",
      anchors: anchors,
      example_source: anchor.source,
      example_passage: anchor.source + "#p" + anchor.passage,
      body: body + "\n",
    });
    if (new TextEncoder().encode(text).length > data.max_bytes) {
      throw new Refused("The note is longer than a page may be (" + data.max_bytes / 1024 + " KiB).");
    }
    return { path: "annotations/notes/" + ident + ".md", name: ident + ".md", text: text, title: title };
  }

  function pullRequestUrl(page) {
    const repo = data.repository;
    if (!repo) return null;
    const url = repo.url + "/new/" + encodeURIComponent(repo.branch) + "?filename=" + encodeURIComponent(page.path) +
      "&value=" + encodeURIComponent(page.text) + "&message=" + encodeURIComponent("Suggest a note: " + page.title);
    return url.length <= URL_LIMIT ? url : null;
  }

  // -- the form ------------------------------------------------------------------------------

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text) node.textContent = text;
    return node;
  }

  function chooser(label, name, options, describe) {
    const box = element("div", { class: "glossator-suggest-field" });
    const id = "glossator-suggest-" + name;
    box.appendChild(element("label", { for: id }, label));
    const row = element("div", { class: "glossator-suggest-row" });
    const input = element("input", { id: id, type: "text", list: id + "-list", autocomplete: "off", spellcheck: "false" });
    const list = element("datalist", { id: id + "-list" });
    options.forEach((option) => list.appendChild(element("option", { value: option.value }, option.label)));
    const add = element("button", { type: "button" }, "Add");
    const chosen = element("ul", { class: "glossator-suggest-chosen", "aria-label": label + ": chosen" });
    const values = [];
    const commit = () => {
      const value = input.value.trim().split(/\s+\u2014\s+/)[0];
      if (!value || values.includes(value)) return;
      values.push(value);
      const item = element("li", {}, value + " ");
      const remove = element("button", { type: "button", "aria-label": "Remove " + value }, "\u00d7");
      remove.addEventListener("click", () => {
        values.splice(values.indexOf(value), 1);
        item.remove();
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      item.appendChild(remove);
      chosen.appendChild(item);
      input.value = "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    add.addEventListener("click", commit);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        commit();
      }
    });
    row.append(input, add);
    box.append(row, list, chosen);
    if (describe) box.appendChild(element("p", { class: "glossator-suggest-help" }, describe));
    return { box: box, values: values, input: input };
  }

  function buildDialog() {
    dialog = element("dialog", { class: "glossator-suggest", "aria-labelledby": "glossator-suggest-title" });
    const form = element("form", { method: "dialog" });
    form.appendChild(element("h2", { id: "glossator-suggest-title" }, "Suggest a note"));
    const quote = element("blockquote", { class: "glossator-suggest-quote" });
    form.appendChild(quote);
    const kind = element("select", { id: "glossator-suggest-kind" });
    data.note_kinds.forEach((k) => kind.appendChild(element("option", { value: k }, k)));
    kind.value = "other";
    const kindBox = element("div", { class: "glossator-suggest-field" });
    kindBox.append(element("label", { for: kind.id }, "What the note is about"), kind);
    const title = element("input", { id: "glossator-suggest-title-input", type: "text", maxlength: "300", required: "" });
    const titleBox = element("div", { class: "glossator-suggest-field" });
    titleBox.append(element("label", { for: title.id }, "Title"), title);
    const text = element("textarea", { id: "glossator-suggest-text", rows: "5", required: "" });
    const textBox = element("div", { class: "glossator-suggest-field" });
    textBox.append(element("label", { for: text.id }, "The note (Markdown; cite sources by their key)"), text);
    const about = chooser("About (objects of the archive)", "about",
      data.objects.map((o) => ({ value: o.id, label: o.title + (o.aliases.length ? " (" + o.aliases.join(", ") + ")" : "") + " \u2014 " + o.kind })));
    const cites = chooser("Cites (bibliography keys)", "cites", data.keys.map((k) => ({ value: k, label: k })));
    form.append(kindBox, titleBox, textBox, about.box, cites.box);
    const status = element("p", { class: "glossator-suggest-status", role: "status", "aria-live": "polite" });
    const preview = element("pre", { class: "glossator-suggest-preview", "aria-label": "The page that will be proposed" });
    const previewBox = element("details", { class: "glossator-suggest-file" });
    previewBox.append(element("summary", {}, "The file"), preview);
    const actions = element("div", { class: "glossator-popover-actions" });
    const send = element("a", { class: "glossator-suggest-send", target: "_blank", rel: "noopener" }, "Open a pull request on GitHub");
    const copy = element("button", { type: "button" }, "Copy the file");
    const download = element("a", { class: "glossator-suggest-download" }, "Download the file");
    const cancel = element("button", { type: "button", value: "cancel" }, "Close");
    actions.append(send, copy, download, cancel);
    const help = element("p", { class: "glossator-suggest-help" });
    form.append(status, previewBox, actions, help);
    dialog.appendChild(form);
    document.body.appendChild(dialog);

    let page = null;
    const update = () => {
      const anchor = dialog.anchor;
      page = null;
      try {
        page = renderPage({ kind: kind.value, title: title.value, text: text.value, about: about.values, cites: cites.values }, anchor);
      } catch (error) {
        status.textContent = error.message;
        preview.textContent = "";
      }
      const url = page && pullRequestUrl(page);
      send.hidden = !url;
      if (url) send.href = url;
      copy.disabled = !page;
      download.hidden = !page;
      if (page) {
        status.textContent = "Ready: " + page.path;
        preview.textContent = page.text;
        if (download.href) URL.revokeObjectURL(download.href);
        download.href = URL.createObjectURL(new Blob([page.text], { type: "text/markdown" }));
        download.download = page.name;
      }
      help.textContent = data.repository
        ? url || !page
          ? "GitHub opens the file in your fork and proposes it as a pull request; reviewers check it like any other."
          : "This note is too long for a link: copy or download the file and add it as " + (page ? page.path : "a new file") + " in a pull request."
        : "This site names no repository: copy or download the file, then add it as " + (page ? page.path : "a new file") +
          " in a pull request (CONTRIBUTING.md says how).";
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    copy.addEventListener("click", () => {
      if (!page) return;
      navigator.clipboard.writeText(page.text).then(
        () => (status.textContent = "Copied: paste it into " + page.path),
        () => (status.textContent = "The browser refused the clipboard: use Download")
      );
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.update = update;
    dialog.quoteBox = quote;
    dialog.titleInput = title;
  }

  async function open(range) {
    hideFloating();
    try {
      await load();
      const anchor = await anchorOf(range);
      if (!dialog) buildDialog();
      dialog.anchor = anchor;
      dialog.quoteBox.textContent = "\u201c" + anchor.exact + "\u201d \u2014 paragraph " + anchor.passage;
      dialog.update();
      dialog.showModal();
      dialog.titleInput.focus();
    } catch (error) {
      notice(error instanceof Refused ? error.message : "Suggesting a note failed: " + error.message, range);
    }
  }

  // -- the button beside a selection ---------------------------------------------------------

  function notice(message, range) {
    hideFloating();
    floating = element("div", { class: "glossator-popover glossator-suggest-notice", role: "alert" }, message);
    place(floating, range);
  }

  function place(node, range) {
    document.body.appendChild(node);
    const rects = range ? Array.from(range.getClientRects()) : [];
    const rect = rects.length ? rects[rects.length - 1] : { left: 16, bottom: 80 };
    const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - node.offsetWidth - 8));
    node.style.left = left + "px";
    node.style.top = rect.bottom + window.scrollY + 8 + "px";
  }

  function hideFloating() {
    if (floating) {
      floating.remove();
      floating = null;
    }
  }

  function onSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!passageOf(range.startContainer) && !passageOf(range.endContainer)) {
      return;
    }
    pending = range.cloneRange();
    hideFloating();
    floating = element("button", { type: "button", class: "glossator-suggest-button" }, "Suggest a note");
    floating.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    floating.addEventListener("click", () => open(pending));
    place(floating, range);
  }

  function init() {
    const bar = document.querySelector(".glossator-layers");
    if (!bar) {
      return;
    }
    const button = element("button", { type: "button", class: "glossator-suggest-open" }, "Suggest a note");
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      const selection = window.getSelection();
      const range = selection && !selection.isCollapsed && selection.rangeCount ? selection.getRangeAt(0) : pending;
      if (!range) {
        notice("Select the words of the article the note is about, then choose \u201cSuggest a note\u201d.", null);
        return;
      }
      open(range);
    });
    bar.appendChild(button);
    let timer = null;
    document.addEventListener("selectionchange", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onSelection, 200);
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideFloating();
    });
    document.addEventListener("mousedown", (event) => {
      if (floating && !floating.contains(event.target)) hideFloating();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
