/* glossator: the search page, on Pagefind's JavaScript API (pagefind/pagefind.js, built by
   `python -m pagefind --site <html>`).

   - The query (?q=) and filters (?kind=Claim&country=Iraq...) are read from the address and
     written back to it, so the theme's search box, links and the back button all work.
   - Filters are checkboxes grouped by name; values of one filter are OR-ed, filters are AND-ed,
     and each value shows how many results it would leave. They sit in a closed disclosure and
     are fetched when it is opened (or when the address names a filter): every filter value of
     a large archive is more than a query's whole word index (docs/performance.md).
   - An object whose title or alias *is* the query (compared like the archive compares names:
     case-folded, apostrophes and spaces unified) is moved above pages that only mention it,
     among the first page of results (each result's data is a fetch of its own).
   - Each result shows its kind, its title, its other names and a snippet. The snippet is
     Pagefind's excerpt copied as text, with only its <mark> highlights kept as elements. */
(function () {
  "use strict";

  var PAGE_SIZE = 10; // results shown at first, and added by "Show more results"

  function normalizeName(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/\s+/g, " ")
      .trim();
  }

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

  /* Pagefind's excerpt is text with <mark> around hits; keep exactly that and nothing else. */
  function excerptNodes(excerpt) {
    var template = document.createElement("template");
    template.innerHTML = excerpt || "";
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (child) {
      if (child.nodeType === Node.ELEMENT_NODE && child.tagName === "MARK") {
        out.appendChild(element("mark", "", child.textContent));
      } else {
        out.appendChild(document.createTextNode(child.textContent));
      }
    });
    return out;
  }

  function namesOf(data) {
    var meta = data.meta || {};
    var names = [meta.title || ""];
    if (meta.names) {
      try {
        names = names.concat(JSON.parse(meta.names));
      } catch (error) {
        /* not a list: only the title counts */
      }
    }
    return names.map(normalizeName);
  }

  function Search(box) {
    this.box = box;
    this.filterNames = (box.getAttribute("data-filters") || "").split(",").filter(Boolean);
    // a filter with more values than this shows its largest ones, and a button for the rest
    this.valuesShown = Number(box.getAttribute("data-values-shown")) || 12;
    this.form = box.querySelector("form");
    this.input = box.querySelector("input[type=search]");
    this.filtersBox = box.querySelector("#glossator-search-filters");
    this.filterDisclosure = box.querySelector("#glossator-search-filter-box");
    this.available = null; // filter values and totals, once fetched
    this.status = box.querySelector("#glossator-search-status");
    this.list = box.querySelector("#glossator-search-list");
    this.more = box.querySelector("#glossator-search-more");
    this.selected = {};
    this.results = [];
    this.shown = 0;
    this.generation = 0;
  }

  Search.prototype.start = async function () {
    var self = this;
    var root = siteRoot();
    try {
      this.pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    } catch (error) {
      this.status.textContent =
        "The search index is not built. Build the site with `nox -s docs` " +
        "(it runs Pagefind after Sphinx).";
      return;
    }
    await this.pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
    var params = new URLSearchParams(window.location.search);
    this.filterNames.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) {
        self.selected[name] = values;
      }
    });
    this.input.value = params.get("q") || "";
    if (Object.keys(this.selected).length) {
      this.filterDisclosure.open = true;
    }
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

  Search.prototype.run = async function (writeAddress) {
    var generation = ++this.generation;
    var query = this.input.value.trim();
    var filters = {};
    var self = this;
    Object.keys(this.selected).forEach(function (name) {
      filters[name] = { any: self.selected[name] };
    });
    var filtered = Object.keys(filters).length > 0;
    if (writeAddress) {
      this.writeAddress(query);
    }
    if (!query && !filtered) {
      this.list.textContent = "";
      this.more.hidden = true;
      this.status.textContent = "Type a name or words, or choose a filter.";
      this.updateCounts(null);
      return;
    }
    var search = await this.pagefind.search(query || null, { filters: filters });
    if (generation !== this.generation) {
      return; // a newer search has started
    }
    var results = search.results;
    var head = await Promise.all(
      results.slice(0, PAGE_SIZE).map(function (result) {
        return result.data();
      })
    );
    if (generation !== this.generation) {
      return;
    }
    var wanted = normalizeName(query);
    var entries = results.map(function (result, index) {
      return { result: result, data: index < head.length ? head[index] : null, rank: index };
    });
    if (wanted) {
      entries.sort(function (a, b) {
        var exactA = a.data && namesOf(a.data).indexOf(wanted) >= 0 ? 0 : 1;
        var exactB = b.data && namesOf(b.data).indexOf(wanted) >= 0 ? 0 : 1;
        return exactA - exactB || a.rank - b.rank;
      });
    }
    this.results = entries;
    this.shown = 0;
    this.list.textContent = "";
    this.updateCounts(search.filters);
    var count = results.length;
    var about = query ? " for \u201c" + query + "\u201d" : "";
    this.status.textContent =
      count === 0
        ? "No results" + about + "."
        : count + " result" + (count === 1 ? "" : "s") + about + ".";
    await this.showMore();
  };

  Search.prototype.showMore = async function () {
    var generation = this.generation;
    var next = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    var datas = await Promise.all(
      next.map(function (entry) {
        return entry.data ? Promise.resolve(entry.data) : entry.result.data();
      })
    );
    if (generation !== this.generation) {
      return;
    }
    var self = this;
    datas.forEach(function (data) {
      self.list.appendChild(self.renderResult(data));
    });
    this.shown += next.length;
    this.more.hidden = this.shown >= this.results.length;
  };

  Search.prototype.renderResult = function (data) {
    var meta = data.meta || {};
    var item = element("li", "glossator-search-result");
    var heading = element("p", "glossator-search-result-title");
    if (meta.kind) {
      var kind = element("span", "glossator-kind-label", meta.kind);
      kind.setAttribute("data-kind", meta.kind);
      heading.appendChild(kind);
      heading.appendChild(document.createTextNode(" "));
    }
    var link = element("a", "", meta.title || data.url);
    link.href = data.url;
    link.setAttribute("dir", "auto");
    heading.appendChild(link);
    item.appendChild(heading);
    if (meta["also called"]) {
      var names = element("p", "glossator-search-result-names", "Also called: ");
      names.appendChild(element("span", "", meta["also called"])).setAttribute("dir", "auto");
      item.appendChild(names);
    }
    var snippet = element("p", "glossator-search-result-excerpt");
    snippet.setAttribute("dir", "auto");
    snippet.appendChild(excerptNodes(data.excerpt));
    item.appendChild(snippet);
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
