/* glossator: the reading room, on pages that hold a source text.

   Everything here refines a page that is readable without it: the notes already sit beside
   (or, on narrow screens, under) their passages, and every note is a plain link.

   - Layers: the legend's kinds become switches, plus "Plain text"; the choice is kept in the
     address (?hide=claim,note or ?plain) and, for the next page, in localStorage.
   - Highlights: the outermost visible mark of each span is one Tab stop; activating it opens a
     popover that lists every annotation of the words (kind, title, link).
   - Notes: each passage's note group is one Tab stop; the arrow keys move inside it.
   - Copy: a selection copies the article's words only, one passage a line, as in text.txt.
   - Cite: a passage's permalink (the pilcrow) offers the citation, a link to the passage and,
     for words selected in it, a text-fragment link (#:~:text=) to the exact quote. */
(function () {
  "use strict";

  const KINDS = ["incident", "person", "organization", "place", "claim", "note"];
  const STORE = "glossator-layers";
  const PASSAGE = ".glossator-passage"; // paragraphs (with their id) and the title and headings
  let popover = null;
  let returnFocus = null;
  let lastQuote = null; // {passage, text}: the last selection inside one passage

  /* A passage's line number: a paragraph's data-passage, or its section's id for a title or
     heading (a heading's id is on its section, as Sphinx writes them). */
  function numberOf(passage) {
    if (passage.dataset.passage) {
      return passage.dataset.passage;
    }
    const section = passage.closest("section[id]");
    return section ? section.id.replace(/^p/, "") : "";
  }

  function idOf(passage) {
    return "p" + numberOf(passage);
  }

  /* "the title", "heading 6" or "paragraph 7": the numbers are the text's line numbers. */
  function nameOf(passage) {
    if (passage.classList.contains("glossator-title")) {
      return "the title (line " + numberOf(passage) + ")";
    }
    return (passage.classList.contains("glossator-heading") ? "heading " : "paragraph ") + numberOf(passage);
  }

  /* Titles and headings get their number in the gutter too (Sphinx puts their id on the
     section), so that the numbers run on as the lines of text.txt do. */
  function numberHeadings() {
    document.querySelectorAll("section.glossator-source .glossator-passage:not([data-passage])").forEach((h) => {
      const number = numberOf(h);
      if (number) {
        h.dataset.passage = number;
      }
    });
  }

  // -- layers --------------------------------------------------------------------------------

  function readState() {
    const params = new URLSearchParams(window.location.search);
    if (params.has("hide") || params.has("plain")) {
      const hide = (params.get("hide") || "").split(",").filter((k) => KINDS.includes(k));
      return { hide: hide, plain: params.has("plain") };
    }
    try {
      const saved = JSON.parse(window.localStorage.getItem(STORE) || "null");
      if (saved && Array.isArray(saved.hide)) {
        return { hide: saved.hide.filter((k) => KINDS.includes(k)), plain: !!saved.plain };
      }
    } catch (error) {
      /* storage may be off or hold something else: start with every layer on */
    }
    return { hide: [], plain: false };
  }

  function writeState(state) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(state));
    } catch (error) {
      /* private mode: the address still keeps the choice */
    }
    const url = new URL(window.location.href);
    url.searchParams.delete("hide");
    url.searchParams.delete("plain");
    if (state.hide.length) {
      url.searchParams.set("hide", state.hide.join(","));
    }
    if (state.plain) {
      url.searchParams.set("plain", "");
    }
    const search = url.searchParams.toString().replace(/plain=(&|$)/, "plain$1");
    window.history.replaceState(null, "", url.pathname + (search ? "?" + search : "") + url.hash);
  }

  function applyState(state) {
    document.querySelectorAll("section.glossator-source").forEach((section) => {
      section.setAttribute("data-hide", state.hide.join(" "));
      section.toggleAttribute("data-plain", state.plain);
    });
    document.querySelectorAll(".glossator-layers input[data-kind]").forEach((box) => {
      box.checked = !state.hide.includes(box.dataset.kind);
      box.disabled = state.plain;
    });
    document.querySelectorAll(".glossator-layers input[data-plain]").forEach((box) => {
      box.checked = state.plain;
    });
    document.querySelectorAll("aside.glossator-margin").forEach((aside) => {
      recount(aside, state);
      updateNoteGroup(aside);
    });
    document.querySelectorAll(PASSAGE).forEach(updateMarks);
    closePopover(false);
  }

  /* The counts a passage's notes show ("3 notes", "+2 more") follow the layers switched on. */
  function recount(aside, state) {
    const shown = (li) => !state.plain && !state.hide.includes(li.dataset.kind);
    const all = Array.from(aside.querySelectorAll("li[data-annotation]")).filter(shown).length;
    const toggle = aside.querySelector("summary.glossator-notes-toggle");
    if (toggle && toggle.firstChild && toggle.firstChild.nodeType === 3) {
      toggle.firstChild.data = all + (all === 1 ? " note" : " notes");
    }
    aside.toggleAttribute("data-empty", all === 0);
    const more = aside.querySelector("li.glossator-more-item");
    if (more) {
      const rest = Array.from(more.querySelectorAll("li[data-annotation]")).filter(shown).length;
      more.hidden = rest === 0;
      more.querySelector("summary").textContent = "+" + rest + " more";
    }
  }

  function buildLegend(state) {
    document.querySelectorAll(".glossator-layers").forEach((box) => {
      box.querySelectorAll("li.glossator-layer").forEach((item) => {
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "checkbox";
        input.dataset.kind = item.dataset.kind;
        label.appendChild(input);
        while (item.firstChild) {
          label.appendChild(item.firstChild);
        }
        item.appendChild(label);
      });
      const plain = document.createElement("label");
      plain.className = "glossator-layers-plain";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.dataset.plain = "";
      plain.appendChild(input);
      plain.appendChild(document.createTextNode(" Plain text (no highlights, no notes)"));
      box.appendChild(plain);
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Show highlights");
      box.querySelector(".glossator-layers-title").textContent = "Show:";
      box.addEventListener("change", (event) => {
        const target = event.target;
        if (target.dataset.plain !== undefined) {
          state.plain = target.checked;
        } else if (target.dataset.kind) {
          const kind = target.dataset.kind;
          state.hide = state.hide.filter((k) => k !== kind);
          if (!target.checked) {
            state.hide.push(kind);
          }
        }
        writeState(state);
        applyState(state);
      });
    });
  }

  function markShown(mark) {
    const section = mark.closest("section.glossator-source");
    if (!section || section.hasAttribute("data-plain")) {
      return false;
    }
    const hidden = (section.getAttribute("data-hide") || "").split(" ");
    return !KINDS.some((k) => hidden.includes(k) && mark.classList.contains("glossator-mark-" + k));
  }

  /* The outermost shown mark of each span is focusable; marks inside it, hidden ones and the
     continuation of a span already reachable are not. */
  function updateMarks(passage) {
    passage.querySelectorAll("mark.glossator-mark").forEach((mark) => {
      let outer = mark.parentElement.closest("mark.glossator-mark");
      while (outer && !markShown(outer)) {
        outer = outer.parentElement.closest("mark.glossator-mark");
      }
      if (markShown(mark) && !outer) {
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-haspopup", "dialog");
      } else {
        mark.removeAttribute("tabindex");
        mark.removeAttribute("role");
        mark.removeAttribute("aria-haspopup");
      }
    });
  }

  // -- the popover ---------------------------------------------------------------------------

  function closePopover(restore) {
    if (!popover) {
      return;
    }
    popover.remove();
    popover = null;
    document.querySelectorAll(".glossator-active").forEach((e) => e.classList.remove("glossator-active"));
    document.querySelectorAll(".glossator-note-active").forEach((e) => e.classList.remove("glossator-note-active"));
    document.querySelectorAll("[aria-expanded]").forEach((e) => {
      if (e.matches("mark.glossator-mark, a.headerlink")) {
        e.removeAttribute("aria-expanded");
      }
    });
    if (restore && returnFocus && document.contains(returnFocus)) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function openPopover(anchor, rect, title, fill) {
    closePopover(false);
    popover = document.createElement("div");
    popover.className = "glossator-popover";
    popover.setAttribute("role", "dialog");
    const heading = document.createElement("h2");
    heading.id = "glossator-popover-title";
    heading.textContent = title;
    popover.setAttribute("aria-labelledby", heading.id);
    popover.appendChild(heading);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "glossator-popover-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", () => closePopover(true));
    popover.appendChild(close);
    fill(popover);
    document.body.appendChild(popover);
    const width = popover.offsetWidth;
    const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    const height = popover.offsetHeight;
    const below = rect.bottom + 6 + height <= window.innerHeight || rect.top - 6 - height < 0;
    popover.style.top = (below ? rect.bottom + 6 : rect.top - 6 - height) + window.scrollY + "px";
    const area = popover.querySelector("textarea");
    if (area) {
      area.scrollTop = 0;
    }
    returnFocus = anchor;
    anchor.setAttribute("aria-expanded", "true");
    const first = popover.querySelector("a, textarea, button:not(.glossator-popover-close)") || close;
    first.focus();
  }

  /* The annotations of the words: from the clicked mark outwards (the innermost first), then,
     for a mark opened by keyboard, the marks inside it in reading order. */
  function annotationsAt(start, outer) {
    const ids = [];
    for (let mark = start; mark; mark = mark.parentElement.closest("mark.glossator-mark")) {
      if (markShown(mark)) {
        ids.push(mark.dataset.annotation);
      }
      if (mark === outer) {
        break;
      }
    }
    if (start === outer) {
      outer.querySelectorAll("mark.glossator-mark").forEach((inner) => {
        if (markShown(inner)) {
          ids.push(inner.dataset.annotation);
        }
      });
    }
    return ids.filter((id, index) => ids.indexOf(id) === index);
  }

  function excerpt(text) {
    const words = text.replace(/\s+/g, " ").trim();
    return words.length > 60 ? words.slice(0, 57) + "\u2026" : words;
  }

  function showAnnotations(outer, start, rect) {
    const passage = outer.closest(PASSAGE);
    const aside = passage && passage.parentElement.querySelector('aside[data-passage="' + numberOf(passage) + '"]');
    const ids = annotationsAt(start, outer);
    const title = ids.length === 1 ? "1 annotation on \u201c" : ids.length + " annotations on \u201c";
    openPopover(outer, rect, title + excerpt(start.textContent) + "\u201d", (box) => {
      const list = document.createElement("ul");
      ids.forEach((id) => {
        const note = aside && aside.querySelector('li[data-annotation="' + CSS.escape(id) + '"]');
        if (!note) {
          return;
        }
        note.classList.add("glossator-note-active");
        const item = document.createElement("li");
        item.innerHTML = note.innerHTML; // our own built markup, copied from the margin
        item.querySelectorAll("[tabindex]").forEach((e) => e.removeAttribute("tabindex"));
        list.appendChild(item);
      });
      box.appendChild(list);
    });
    outer.classList.add("glossator-active");
  }

  function rectAt(element, x, y) {
    const rects = Array.from(element.getClientRects());
    const hit = rects.find((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
    return hit || rects[0] || element.getBoundingClientRect();
  }

  function focusableMark(target) {
    let mark = target.closest("mark.glossator-mark");
    let found = null;
    while (mark) {
      if (mark.tabIndex === 0 && mark.getAttribute("role") === "button") {
        found = mark;
      }
      mark = mark.parentElement.closest("mark.glossator-mark");
    }
    return found;
  }

  // -- citation ------------------------------------------------------------------------------

  function fragmentText(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }

  /* A text fragment for the quote: the words alone where the article has them once, else
     with up to three words before them (``prefix-,text``) so the browser finds this one. */
  function fragmentFor(passage, quote) {
    const article = Array.from(document.querySelectorAll("section.glossator-source " + PASSAGE))
      .map((p) => wordsOf(p)).join("\n");
    const exact = fragmentText(quote.text);
    if (article.indexOf(quote.text) === article.lastIndexOf(quote.text)) {
      return exact;
    }
    const before = wordsOf(passage).slice(0, quote.start).split(/\s+/).filter(Boolean).slice(-3).join(" ");
    return before ? fragmentText(before) + "-," + exact : exact;
  }

  function wordsOf(passage) {
    const copy = passage.cloneNode(true);
    copy.querySelectorAll("a.headerlink").forEach((e) => e.remove());
    return copy.textContent;
  }

  function citationFor(passage) {
    const panel = passage.closest("section.glossator-source").querySelector("[data-citation]");
    const base = window.location.href.split("#")[0].split("?")[0];
    const where = base + "#" + idOf(passage);
    let text = (panel ? panel.dataset.citation : document.title) + ", " + nameOf(passage) + ". " + where;
    let quote = null;
    if (lastQuote && lastQuote.passage === passage) {
      quote = base + "#:~:text=" + fragmentFor(passage, lastQuote);
      text += "\nQuote: \u201c" + lastQuote.text + "\u201d " + quote;
    }
    return { text: text, link: where, quote: quote };
  }

  function copyText(text, button) {
    const done = () => {
      button.textContent = "Copied";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }

  function showCitation(link) {
    const passage = link.closest(PASSAGE);
    const cite = citationFor(passage);
    openPopover(link, link.getBoundingClientRect(), "Cite " + nameOf(passage), (box) => {
      box.classList.add("glossator-popover-wide");
      const area = document.createElement("textarea");
      area.readOnly = true;
      area.value = cite.text;
      area.rows = Math.min(12, Math.ceil(cite.text.length / 60) + (cite.quote ? 2 : 1));
      area.setAttribute("aria-label", "Citation");
      box.appendChild(area);
      const actions = document.createElement("div");
      actions.className = "glossator-popover-actions";
      const buttons = [["Copy citation", cite.text], ["Copy link", cite.link]];
      if (cite.quote) {
        buttons.push(["Copy link to the quote", cite.quote]);
      }
      buttons.forEach(([label, value]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.addEventListener("click", () => copyText(value, button));
        actions.appendChild(button);
      });
      box.appendChild(actions);
    });
  }

  // -- clean copy ----------------------------------------------------------------------------

  /* The words of the passages a selection touches, one passage a line; numbers, permalinks,
     notes and the panel are not part of the article. */
  function articleText(range) {
    const lines = [];
    document.querySelectorAll("section.glossator-source " + PASSAGE).forEach((passage) => {
      if (!range.intersectsNode(passage)) {
        return;
      }
      const part = document.createRange();
      part.selectNodeContents(passage);
      if (passage.contains(range.startContainer)) {
        part.setStart(range.startContainer, range.startOffset);
      }
      if (passage.contains(range.endContainer)) {
        part.setEnd(range.endContainer, range.endOffset);
      }
      const copy = part.cloneContents();
      copy.querySelectorAll("a.headerlink").forEach((e) => e.remove());
      lines.push(copy.textContent);
    });
    return lines;
  }

  function onCopy(event) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      return;
    }
    const range = selection.getRangeAt(0);
    const article = range.commonAncestorContainer;
    const element = article.nodeType === 1 ? article : article.parentElement;
    if (!element || !(element.closest("section.glossator-source") || element.querySelector("section.glossator-source"))) {
      return;
    }
    if (element.closest(".glossator-popover, .glossator-provenance, aside.glossator-margin")) {
      return;
    }
    const lines = articleText(range);
    if (!lines.length) {
      return;
    }
    event.clipboardData.setData("text/plain", lines.join("\n"));
    event.preventDefault();
  }

  function onSelectionChange() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      return;
    }
    const range = selection.getRangeAt(0);
    const start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    const passage = start && start.closest(PASSAGE);
    if (passage && passage.contains(range.endContainer)) {
      const raw = articleText(range).join("");
      const words = raw.trim();
      if (words) {
        const lead = document.createRange();
        lead.selectNodeContents(passage);
        lead.setEnd(range.startContainer, range.startOffset);
        const before = lead.cloneContents();
        before.querySelectorAll("a.headerlink").forEach((e) => e.remove());
        const start = before.textContent.length + (raw.length - raw.trimStart().length);
        lastQuote = { passage: passage, text: words, start: start };
      }
    }
  }

  // -- note groups: one Tab stop each --------------------------------------------------------

  function groupItems(aside) {
    return Array.from(aside.querySelectorAll("li[data-annotation] a, details.glossator-more > summary")).filter(
      (e) => e.offsetParent !== null || e.getClientRects().length
    );
  }

  function updateNoteGroup(aside) {
    const items = groupItems(aside);
    const current = items.find((e) => e.tabIndex === 0 && e.hasAttribute("data-roving"));
    items.forEach((e) => {
      e.tabIndex = -1;
      e.setAttribute("data-roving", "");
    });
    if (items.length) {
      (current || items[0]).tabIndex = 0;
    }
  }

  function onGroupKey(event) {
    const aside = event.target.closest("aside.glossator-margin");
    if (!aside || !["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) {
      return;
    }
    const items = groupItems(aside);
    const index = items.indexOf(event.target);
    if (index < 0) {
      return;
    }
    let next = index;
    if (event.key === "ArrowDown") next = Math.min(items.length - 1, index + 1);
    if (event.key === "ArrowUp") next = Math.max(0, index - 1);
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = items.length - 1;
    items.forEach((e) => (e.tabIndex = -1));
    items[next].tabIndex = 0;
    items[next].focus();
    event.preventDefault();
  }

  // -- the margin: as many notes as the passage has room for ---------------------------------

  /* On a wide screen, move notes out of "+N more" while they fit beside the passage: the build
     estimated for one window width, the browser knows the real heights. Narrow screens show
     the notes under the passage, where room is not the question. */
  function fitNotes(aside) {
    const toggle = aside.querySelector("summary.glossator-notes-toggle");
    const more = aside.querySelector("li.glossator-more-item");
    const passage = aside.previousElementSibling;
    if (!more || !passage || !toggle || getComputedStyle(toggle).display !== "none") {
      return;
    }
    const list = more.parentElement;
    const hidden = more.querySelector("ul");
    const room = passage.getBoundingClientRect().bottom;
    while (hidden.firstElementChild) {
      const item = hidden.firstElementChild;
      list.insertBefore(item, more);
      const left = hidden.children.length;
      if (more.getBoundingClientRect().bottom > room && left !== 0) {
        hidden.insertBefore(item, hidden.firstChild);
        break;
      }
      if (aside.getBoundingClientRect().bottom > room && left === 0) {
        break; // the last one: showing it costs no more than "+1 more" would
      }
    }
    if (!hidden.children.length) {
      more.remove();
    } else {
      more.querySelector("summary").textContent = "+" + hidden.children.length + " more";
    }
  }

  // -- wiring --------------------------------------------------------------------------------

  function onClick(event) {
    if (popover && popover.contains(event.target)) {
      return;
    }
    const link = event.target.closest(".glossator-source " + PASSAGE + " > a.headerlink");
    if (link) {
      window.setTimeout(() => showCitation(link), 0); // after the browser followed the link
      return;
    }
    const outer = focusableMark(event.target);
    if (outer) {
      const start = event.target.closest("mark.glossator-mark");
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && outer.contains(selection.anchorNode)) {
        return; // the reader is selecting words, not opening notes
      }
      showAnnotations(outer, start, rectAt(start, event.clientX, event.clientY));
      return;
    }
    closePopover(false);
  }

  function onKey(event) {
    if (event.key === "Escape" && popover) {
      closePopover(true);
      event.preventDefault();
      return;
    }
    const mark = event.target.closest && event.target.closest("mark.glossator-mark[role=button]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      showAnnotations(mark, mark, mark.getClientRects()[0] || mark.getBoundingClientRect());
      event.preventDefault();
      return;
    }
    onGroupKey(event);
  }

  function onFocusIn(event) {
    if (popover && !popover.contains(event.target) && event.target !== returnFocus) {
      closePopover(false);
    }
  }

  function init() {
    if (!document.querySelector("section.glossator-source")) {
      return;
    }
    numberHeadings();
    document.querySelectorAll("aside.glossator-margin").forEach(fitNotes);
    const state = readState();
    buildLegend(state);
    applyState(state);
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("copy", onCopy);
    document.addEventListener("selectionchange", onSelectionChange);
    document.querySelectorAll("aside.glossator-margin details").forEach((d) =>
      d.addEventListener("toggle", () => updateNoteGroup(d.closest("aside.glossator-margin")))
    );
    window.addEventListener("resize", () => document.querySelectorAll("aside.glossator-margin").forEach(updateNoteGroup));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
