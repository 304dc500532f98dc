/* glossator: the search page, on Pagefind's JavaScript API (pagefind/pagefind.js, built by
   `python -m glossator.searchindex <html>`) and the names index (glossator-names.js).

   - The query (?q=) and filters (?kind=Claim&country=Iraq...) are read from the address and
     written back to it, so the theme's search box, links and the back button all work.
   - Filters are checkboxes grouped by name; values of one filter are OR-ed, filters are AND-ed,
     and each value shows how many results it would leave. They sit in a closed disclosure and
     are fetched when it is opened (or when the address names a filter, on a wide screen): every
     filter value of a large archive is more than a query's whole word index
     (docs/performance.md). On a narrow screen the disclosure always starts closed.
   - Names first: when Pagefind alone may miss it (a word no page holds, accents, apostrophes,
     Arabic, or a name whose object Pagefind does not put first: see needsNames), the names
     index is fetched and says which objects the query names, however it is spelled
     ("Kadimi", "Al-Sina'a", "الكاظمي"). Those objects come first, and Pagefind is also asked
     for the query spelled right and for their names, so the pages about them are found too.
   - A query of several words that a source text holds as written puts that source first.
   - Reference pages (kind "Reference") are left out unless the kind filter asks for them.
   - Each result shows its kind, its title, its other names and a snippet of its prose (from
     the page's prose marker on), built as text with the matched words marked, and links to
     the paragraph or section where the words are (#pN); a source lists its best passages. */
(function () {
  "use strict";

  var PAGE_SIZE = 10; // results shown at first, and added by "Show more results"
  var EXCERPT_WORDS = 26; // words in a snippet
  var PASSAGES_SHOWN = 3; // best passages listed under a source
  var NAMES_SHOWN = 3; // objects a query names, shown first
  var FORMS_SEARCHED = 4; // names of the best-named object Pagefind is also asked for
  var NAMES_ID = "glossator-search-names"; // these three: see glossator/sphinx/search.py
  var PROSE_ID = "glossator-search-prose";
  var NARROW = "(max-width: 767.98px)"; // the theme's breakpoint for its sidebars
  var NO_TABLES = { fold: {} }; // folding without the names index: accents and case only

  function siteRoot() {
    var root = document.documentElement.getAttribute("data-content_root") || "./";
    return new URL(root, window.location.href);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /* Pagefind's words: its locations count the page's text split at white space. */
  function wordsOf(data) {
    if (!data.glossatorWords) {
      data.glossatorWords = (data.content || "").split(/\s+/);
    }
    return data.glossatorWords;
  }

  function anchorById(data, id) {
    return (data.anchors || []).filter(function (a) {
      return a.id === id;
    })[0];
  }

  /* Where the page's prose starts: its marker, or after its names, or at its start. */
  function proseStart(data) {
    var prose = anchorById(data, PROSE_ID);
    if (prose) {
      return prose.location;
    }
    var names = anchorById(data, NAMES_ID);
    if (names) {
      return names.location + names.text.split(/\s+/).filter(Boolean).length;
    }
    return 0;
  }

  /* Anchors a result can link to: a source's passages and headings (p<n>) and the sections
     of a page, never the page's own top. */
  function linkable(anchor) {
    if (!anchor.location || anchor.id === NAMES_ID || anchor.id === PROSE_ID) {
      return false;
    }
    return /^p\d+$/.test(anchor.id) || /^(section|h\d)$/i.test(anchor.element);
  }

  function anchorBefore(data, location) {
    var found = null;
    (data.anchors || []).forEach(function (a) {
      if (linkable(a) && a.location <= location && (!found || a.location >= found.location)) {
        found = a;
      }
    });
    return found;
  }

  function sortedLocations(data) {
    return (data.locations || []).slice().sort(function (a, b) {
      return a - b;
    });
  }

  /* The window of `size` words in [from, to) holding the most matches: {start, hits, first}. */
  function densest(locations, from, to, size) {
    var inside = locations.filter(function (l) {
      return l >= from && l < to;
    });
    var best = { start: from, hits: 0, first: null };
    inside.forEach(function (l, i) {
      var hits = 0;
      for (var j = i; j < inside.length && inside[j] < l + size; j++) {
        hits++;
      }
      if (hits > best.hits) {
        best = { start: l, hits: hits, first: l };
      }
    });
    if (best.hits) {
      best.start = Math.max(from, Math.min(best.start - 4, to - size));
    }
    return best;
  }

  /* A snippet as DOM nodes: the words [start, min(to, start + size)), matches marked, no
     space before punctuation, an ellipsis where words are left out (after `floor`, where
     the prose or the passage starts, and before `to`). Text only: nothing of
     the page is parsed as HTML. */
  function snippetNodes(data, start, floor, to, size) {
    var words = wordsOf(data);
    var end = Math.min(to, words.length, start + size);
    var marked = {};
    (data.locations || []).forEach(function (l) {
      marked[l] = true;
    });
    var out = document.createDocumentFragment();
    var text = start > floor ? "\u2026 " : "";
    function flush() {
      if (text) {
        out.appendChild(document.createTextNode(text));
        text = "";
      }
    }
    var first = true;
    for (var i = start; i < end; i++) {
      var word = words[i];
      if (!word) {
        continue;
      }
      if (!first && !/^[,.;:!?)\]\u201d\u2019]+$/.test(word)) {
        text += " ";
      }
      first = false;
      if (marked[i]) {
        flush();
        out.appendChild(element("mark", "", word));
      } else {
        text += word;
      }
    }
    if (end < Math.min(to, words.length)) {
      text += " \u2026";
    }
    flush();
    return out;
  }

  /* A result's best region: where its snippet starts and the anchor it links to. Matches in
     the prose come first; a page matched only by its title or names shows its prose. */
  function bestRegion(data) {
    var words = wordsOf(data);
    var locations = sortedLocations(data);
    var prose = proseStart(data);
    var region = densest(locations, prose, words.length, EXCERPT_WORDS);
    if (!region.hits) {
      region = { start: prose, hits: 0, first: null };
    }
    var anchor = region.first === null ? null : anchorBefore(data, region.first);
    return { start: region.start, floor: prose, anchor: anchor };
  }

  /* A source's passages with the most matches: [{anchor, end, hits}], best first. */
  function bestPassages(data) {
    var words = wordsOf(data);
    var locations = sortedLocations(data);
    var anchors = (data.anchors || [])
      .filter(function (a) {
        return /^p\d+$/.test(a.id) && a.location > 0;
      })
      .sort(function (a, b) {
        return a.location - b.location;
      });
    return anchors
      .map(function (anchor, i) {
        var end = i + 1 < anchors.length ? anchors[i + 1].location : words.length;
        var hits = locations.filter(function (l) {
          return l >= anchor.location && l < end;
        }).length;
        return { anchor: anchor, end: end, hits: hits, order: i };
      })
      .filter(function (passage) {
        return passage.hits > 0;
      })
      .sort(function (a, b) {
        return b.hits - a.hits || a.order - b.order;
      })
      .slice(0, PASSAGES_SHOWN);
  }

  function withHash(url, anchor) {
    return anchor ? url.split("#")[0] + "#" + anchor.id : url;
  }

  function passageLabel(anchor) {
    var number = /^p(\d+)$/.exec(anchor.id);
    return number ? "Paragraph " + number[1] : anchor.text || anchor.id;
  }

  /* The words of a query, folded like names, for "does this text hold the query as written". */
  function phraseKey(text, tables) {
    return " " + window.glossatorNames.fold(text, tables) + " ";
  }

  function Search(box) {
    this.box = box;
    this.filterNames = (box.getAttribute("data-filters") || "").split(",").filter(Boolean);
    // a filter with more values than this shows its largest ones, and a button for the rest
    this.valuesShown = Number(box.getAttribute("data-values-shown")) || 12;
    this.namesUrl = box.getAttribute("data-names");
    this.form = box.querySelector("form");
    this.input = box.querySelector("input[type=search]");
    this.filtersBox = box.querySelector("#glossator-search-filters");
    this.filterDisclosure = box.querySelector("#glossator-search-filter-box");
    this.filterSummary = this.filterDisclosure.querySelector("summary");
    this.available = null; // filter values and totals, once fetched
    this.status = box.querySelector("#glossator-search-status");
    this.list = box.querySelector("#glossator-search-list");
    this.more = box.querySelector("#glossator-search-more");
    this.selected = {};
    this.results = [];
    this.shown = 0;
    this.generation = 0;
    this.names = null; // a promise of the names index, made when a query needs it
    this.pagesUrl = box.getAttribute("data-pages");
    this.hintUrl = box.getAttribute("data-hint");
    this.hint = null; // a promise of the names hint (a few kilobytes)
    this.pages = null; // a promise of the source and reference pages' result ids
  }

  Search.prototype.start = async function () {
    var self = this;
    var root = (this.root = siteRoot());
    try {
      this.pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    } catch (error) {
      this.status.textContent =
        "The search index is not built. Build the site with `nox -s docs` " +
        "(it runs Pagefind after Sphinx).";
      return;
    }
    await this.pagefind.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS });
    var params = new URLSearchParams(window.location.search);
    this.filterNames.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) {
        self.selected[name] = values;
      }
    });
    this.input.value = params.get("q") || "";
    var narrow = window.matchMedia && window.matchMedia(NARROW).matches;
    if (Object.keys(this.selected).length && !narrow) {
      this.filterDisclosure.open = true;
    }
    this.updateSummary();
    if (this.filterDisclosure.open) {
      await this.loadFilters();
    }
    this.filterDisclosure.addEventListener("toggle", function () {
      if (self.filterDisclosure.open && !self.available) {
        // counts come with a search once the filters are loaded; words and results are cached
        self.loadFilters().then(function () {
          self.run(false);
        });
      }
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.run(true);
    });
    var timer = null;
    this.input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        self.run(false);
      }, 250);
    });
    this.more.addEventListener("click", function () {
      self.showMore();
    });
    this.box.setAttribute("data-ready", "true");
    await this.run(false);
  };

  /* "Filter the results (2 chosen)": what a closed disclosure holds. */
  Search.prototype.updateSummary = function () {
    var self = this;
    var chosen = 0;
    Object.keys(this.selected).forEach(function (name) {
      chosen += self.selected[name].length;
    });
    this.filterSummary.textContent =
      "Filter the results" + (chosen ? " (" + chosen + " chosen)" : "");
  };

  Search.prototype.namesIndex = function () {
    if (!this.names && this.namesUrl && window.glossatorNames) {
      this.names = window.glossatorNames
        .load(new URL(this.namesUrl, window.location.href).href)
        .catch(function () {
          return null; // without it, search still works: Pagefind's words only
        });
    }
    return this.names || Promise.resolve(null);
  };

  Search.prototype.loadFilters = async function () {
    if (!this.available) {
      this.available = await this.pagefind.filters();
      this.renderFilters();
    }
  };

  Search.prototype.renderFilters = function () {
    var self = this;
    this.filtersBox.textContent = "";
    this.filterNames.forEach(function (name) {
      var values = Object.keys((self.available || {})[name] || {});
      if (!values.length) {
        return;
      }
      var counts = self.available[name];
      var chosen = self.selected[name] || [];
      // with many values (thousands of people in a large archive) show the largest first
      var many = values.length > self.valuesShown;
      values.sort(function (a, b) {
        if (many && counts[a] !== counts[b]) {
          return counts[b] - counts[a];
        }
        return name === "year" ? b.localeCompare(a) : a.localeCompare(b);
      });
      var fieldset = element("fieldset", "glossator-filter");
      fieldset.setAttribute("data-filter", name);
      fieldset.appendChild(element("legend", "", name.charAt(0).toUpperCase() + name.slice(1)));
      var hidden = [];
      values.forEach(function (value, index) {
        var id = "glossator-filter-" + name.replace(/\W+/g, "-") + "-" + index;
        var row = element("div", "glossator-filter-value");
        var box = element("input");
        box.type = "checkbox";
        box.id = id;
        box.value = value;
        box.checked = (self.selected[name] || []).indexOf(value) >= 0;
        box.addEventListener("change", function () {
          self.toggle(name, value, box.checked);
        });
        var label = element("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(value + " "));
        label.appendChild(element("span", "glossator-filter-count", ""));
        row.appendChild(box);
        row.appendChild(label);
        if (many && index >= self.valuesShown && chosen.indexOf(value) < 0) {
          row.hidden = true;
          hidden.push(row);
        }
        fieldset.appendChild(row);
      });
      if (hidden.length) {
        var more = element("button", "glossator-filter-more", "Show " + hidden.length + " more");
        more.type = "button";
        more.addEventListener("click", function () {
          hidden.forEach(function (row) {
            row.hidden = false;
          });
          more.remove();
        });
        fieldset.appendChild(more);
      }
      self.filtersBox.appendChild(fieldset);
    });
  };

  Search.prototype.toggle = function (name, value, on) {
    var values = (this.selected[name] || []).filter(function (v) {
      return v !== value;
    });
    if (on) {
      values.push(value);
    }
    if (values.length) {
      this.selected[name] = values;
    } else {
      delete this.selected[name];
    }
    this.run(true);
  };

  Search.prototype.updateCounts = function (counts) {
    this.filtersBox.querySelectorAll("fieldset").forEach(function (fieldset) {
      var name = fieldset.getAttribute("data-filter");
      fieldset.querySelectorAll(".glossator-filter-value").forEach(function (row) {
        var value = row.querySelector("input").value;
        var count = counts && counts[name] ? counts[name][value] || 0 : null;
        row.querySelector(".glossator-filter-count").textContent =
          count === null ? "" : "(" + count + ")";
      });
    });
  };

  Search.prototype.writeAddress = function (query) {
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    var self = this;
    this.filterNames.forEach(function (name) {
      (self.selected[name] || []).forEach(function (value) {
        params.append(name, value);
      });
    });
    var text = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
  };


  /* Pagefind's filters for a search: the reader's. */
  Search.prototype.pagefindFilters = function () {
    var filters = {};
    var self = this;
    Object.keys(this.selected).forEach(function (name) {
      filters[name] = { any: self.selected[name] };
    });
    return filters;
  };

  function idSet(ids) {
    var set = {};
    (ids || []).forEach(function (id) {
      set[id] = true;
    });
    return set;
  }

  /* Result ids of the source and reference pages (glossator/searchpages.py): a few bytes. */
  Search.prototype.sitePages = function () {
    if (!this.pages) {
      this.pages = fetch(new URL(this.pagesUrl, window.location.href).href, { cache: "no-cache" })
        .then(function (response) {
          return response.ok ? response.json() : {};
        })
        .catch(function () {
          return {};
        });
    }
    return this.pages;
  };

  /* Whether Pagefind alone may miss what the query names, so that the names index is worth
     its fetch (tens of kilobytes in a large archive, more than an ordinary query's index):
     - letters Pagefind does not fold (accents, apostrophes, Arabic);
     - no result, or a word of the query that no page holds (Pagefind drops it silently);
     - the hint says the query may be a name, and Pagefind's first result is not an object of
       that name (a hyphen typed as a space, a spelling Pagefind splits its own way).
     A query of words that Pagefind knows and that name nothing (a common word), or whose
     first result is the object it names ("named first"), costs what it cost before the names
     index. */
  Search.prototype.needsNames = async function (query, main) {
    if (/[^\x20-\x7e]|['`]/.test(query) || !main.results.length) {
      return true;
    }
    var self = this;
    var words = query.split(/\s+/).filter(Boolean);
    if (words.length > 1) {
      var each = await Promise.all(
        words.map(function (word) {
          return self.pagefind.search(word); // the same word chunks as the query's: no fetch
        })
      );
      if (
        each.some(function (search) {
          return !search.results.length;
        })
      ) {
        return true;
      }
    }
    var hint = await this.nameHint();
    if (!hint || !hint.mayName(query)) {
      return false;
    }
    var first = await main.results[0].data(); // shown anyway
    return namedExactly(first, query, hint.tables) ? "named first" : true;
  };

  /* Whether a result is an object whose title or alias is the query (folded, or spaceless). */
  function namedExactly(data, query, tables) {
    var fold = window.glossatorNames.fold;
    var key = fold(query, tables);
    var meta = data.meta || {};
    var names = [meta.title || ""].concat((meta["also called"] || "").split(", "));
    return names.some(function (name) {
      var other = fold(name, tables);
      return other === key || other.replace(/ /g, "") === key.replace(/ /g, "");
    });
  }

  Search.prototype.nameHint = function () {
    if (!this.hint && this.hintUrl && window.glossatorNames) {
      this.hint = window.glossatorNames
        .loadHint(new URL(this.hintUrl, window.location.href).href)
        .catch(function () {
          return null;
        });
    }
    return this.hint || Promise.resolve(null);
  };

  /* Several searches as one list: each page once, at its best score, best first. */
  function merge(searches) {
    var byId = {};
    var order = [];
    searches.forEach(function (search) {
      (search ? search.results : []).forEach(function (result) {
        var known = byId[result.id];
        if (!known) {
          byId[result.id] = result;
          order.push(result);
        } else if (result.score > known.score) {
          order[order.indexOf(known)] = result;
          byId[result.id] = result;
        }
      });
    });
    return order.sort(function (a, b) {
      return b.score - a.score;
    });
  }

  function pathOf(url, root) {
    return new URL(url, root).pathname;
  }

  Search.prototype.run = async function (writeAddress) {
    var generation = ++this.generation;
    var query = this.input.value.trim();
    var self = this;
    var userFiltered = Object.keys(this.selected).length > 0;
    var filters = this.pagefindFilters();
    this.updateSummary();
    if (writeAddress) {
      this.writeAddress(query);
    }
    if (!query && !userFiltered) {
      this.list.textContent = "";
      this.more.hidden = true;
      this.status.textContent = "Type a name or words, or choose a filter.";
      this.updateCounts(null);
      return;
    }
    var pages = this.sitePages();
    var main = await this.pagefind.search(query || null, { filters: filters });
    // what the reader will be shown decides whether names are needed: a reference page that
    // happens to match (they are left out unless asked for) must not hide a misspelled name
    var shown = main;
    if (query && (this.selected.kind || []).indexOf("Reference") < 0) {
      var hidden = idSet((await pages).Reference);
      shown = {
        results: main.results.filter(function (result) {
          return !hidden[result.id];
        }),
      };
    }
    var needed = query ? await this.needsNames(query, shown) : false;
    var index = needed === true ? await this.namesIndex() : null;
    if (generation !== this.generation) {
      return;
    }
    var named = index ? index.match(query, NAMES_SHOWN) : [];
    // Pagefind is also asked for the query spelled right, and the names of the objects it names
    var queries = [];
    var corrected = named.length ? index.corrected(query, named[0]) : null;
    if (corrected && corrected !== query) {
      queries.push(corrected);
    }
    named.forEach(function (hit, rank) {
      var forms = rank === 0 ? hit.entry.forms.slice(0, FORMS_SEARCHED) : [hit.entry.forms[0]];
      forms.forEach(function (form) {
        if (form.text !== query && queries.indexOf(form.text) < 0) {
          queries.push(form.text);
        }
      });
    });
    var searches = [main].concat(
      await Promise.all(
        queries.map(function (q) {
          return self.pagefind.search(q, { filters: filters });
        })
      )
    );
    var sitePages = await pages;
    if (generation !== this.generation) {
      return;
    }
    var wanted = phraseKey(query, index ? index.tables : NO_TABLES);
    // several words, and not a whole name (that puts its object first, and its pages)
    var phrase =
      wanted.trim().indexOf(" ") > 0 &&
      needed !== "named first" &&
      !named.some(function (hit) {
        return hit.tier < 2;
      });
    var results = merge(searches);
    if ((this.selected.kind || []).indexOf("Reference") < 0) {
      var reference = idSet(sitePages.Reference);
      results = results.filter(function (result) {
        return !reference[result.id];
      });
    }
    var sourceIds = idSet(sitePages.Source);
    var sources = !phrase
      ? []
      : main.results
          .filter(function (result) {
            return sourceIds[result.id];
          })
          .slice(0, 2);
    var head = await Promise.all(
      results.slice(0, PAGE_SIZE).map(function (result) {
        return result.data();
      })
    );
    var sourceData = await Promise.all(
      sources.map(function (result) {
        return result.data();
      })
    );
    if (generation !== this.generation) {
      return;
    }
    var entries = results.map(function (result, rank) {
      return { result: result, data: rank < head.length ? head[rank] : null, rank: rank };
    });
    // first: the objects the query names, then sources that hold the query as written
    var first = [];
    // (an object is shown only as Pagefind found it: so the reader's filters apply to it)
    named.forEach(function (hit) {
      var path = pathOf(hit.entry.url, self.root);
      var found = entries.filter(function (e) {
        return e.data && pathOf(e.data.url, self.root) === path;
      })[0];
      if (found) {
        first.push({ result: found.result, data: found.data, hit: hit });
      }
    });
    sourceData.forEach(function (data, i) {
      if (phraseKey(data.content || "", index ? index.tables : NO_TABLES).indexOf(wanted) >= 0) {
        first.push({ result: sources[i], data: data, phrase: true });
      }
    });
    var taken = {};
    first.forEach(function (e) {
      if (e.result) {
        taken[e.result.id] = true;
      }
    });
    this.results = first.concat(
      entries.filter(function (e) {
        return !taken[e.result.id];
      })
    );
    this.shown = 0;
    this.list.textContent = "";
    // the counts of the search that found most (a misspelled name finds nothing by itself)
    var counted = searches.reduce(function (best, search) {
      return search.results.length > best.results.length ? search : best;
    }, searches[0]);
    this.updateCounts(counted.filters);
    var count = this.results.length;
    var about = query ? " for \u201c" + query + "\u201d" : "";
    var names = named.length
      ? " Names close to it: " +
        named
          .map(function (hit) {
            return hit.entry.title;
          })
          .join("; ") +
        "."
      : "";
    this.status.textContent =
      count === 0
        ? "No results" + about + "."
        : count + " result" + (count === 1 ? "" : "s") + about + "." + names;
    await this.showMore();
  };

  Search.prototype.showMore = async function () {
    var generation = this.generation;
    var next = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    var datas = await Promise.all(
      next.map(function (entry) {
        if (entry.data || !entry.result) {
          return Promise.resolve(entry.data);
        }
        return entry.result.data();
      })
    );
    if (generation !== this.generation) {
      return;
    }
    var self = this;
    datas.forEach(function (data, i) {
      self.list.appendChild(self.renderResult(data, next[i]));
    });
    this.shown += next.length;
    this.more.hidden = this.shown >= this.results.length;
  };

  function kindLabel(kind) {
    var label = element("span", "glossator-kind-label", kind);
    label.setAttribute("data-kind", kind);
    return label;
  }

  /* One result, from Pagefind's data (and the names index, for an object the query names). */
  Search.prototype.renderResult = function (data, entry) {
    var hit = entry.hit;
    var meta = (data && data.meta) || {};
    var item = element("li", "glossator-search-result");
    if (hit) {
      item.classList.add("glossator-search-named");
    }
    var kind = meta.kind || (hit ? hit.entry.kind : "");
    var heading = element("p", "glossator-search-result-title");
    if (kind) {
      heading.appendChild(kindLabel(kind));
      heading.appendChild(document.createTextNode(" "));
    }
    // an object the query names is linked as a whole, with the start of its prose
    var region = data ? bestRegion(data) : null;
    if (region && hit) {
      region = { start: region.floor, floor: region.floor, anchor: null };
    }
    var url = data ? data.url : new URL(hit.entry.url, this.root).href;
    var title = meta.title || (hit ? hit.entry.title : url);
    var link = element("a", "", title);
    link.href = region ? withHash(url, region.anchor) : url;
    link.setAttribute("dir", "auto");
    heading.appendChild(link);
    item.appendChild(heading);
    if (hit && hit.form.text !== hit.entry.title) {
      var matched = element("p", "glossator-search-result-names", "Name matched: ");
      matched.appendChild(element("span", "", hit.form.text)).setAttribute("dir", "auto");
      item.appendChild(matched);
    } else if (meta["also called"]) {
      var names = element("p", "glossator-search-result-names", "Also called: ");
      names.appendChild(element("span", "", meta["also called"])).setAttribute("dir", "auto");
      item.appendChild(names);
    }
    if (!data) {
      return item;
    }
    var words = wordsOf(data);
    // a source shows its best passages, each with its words; another page, one snippet
    var passages = kind === "Source" ? bestPassages(data) : [];
    if (!passages.length) {
      var snippet = element("p", "glossator-search-result-excerpt");
      snippet.setAttribute("dir", "auto");
      snippet.appendChild(
        snippetNodes(data, region.start, region.floor, words.length, EXCERPT_WORDS)
      );
      item.appendChild(snippet);
    }
    if (passages.length) {
      var list = element("ul", "glossator-search-passages");
      var locations = sortedLocations(data);
      passages.forEach(function (passage) {
        var row = element("li", "glossator-search-passage");
        var to = element("a", "", passageLabel(passage.anchor));
        to.href = withHash(url, passage.anchor);
        row.appendChild(to);
        row.appendChild(document.createTextNode(": "));
        var from = passage.anchor.location;
        var window_ = densest(locations, from, passage.end, EXCERPT_WORDS);
        var text = element("span", "glossator-search-result-excerpt");
        text.setAttribute("dir", "auto");
        text.appendChild(snippetNodes(data, window_.start, from, passage.end, EXCERPT_WORDS));
        row.appendChild(text);
        list.appendChild(row);
      });
      item.appendChild(list);
    }
    return item;
  };

  function init() {
    var box = document.getElementById("glossator-search");
    if (box) {
      new Search(box).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
