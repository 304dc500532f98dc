"""The assembled site of a sharded archive: one folder per shard and one search over them all.

Each shard is built and indexed on its own (``sphinx-build``, then ``python -m
glossator.search.index``) and its site put in ``<site>/<shard>/``. Assembling adds the site's
root page, whose search loads the first shard's Pagefind bundle and merges every other shard's
into it with Pagefind's ``mergeIndex`` (each with the ``baseUrl`` of its folder, so results
link into the right shard), and checks what the shards were built from: each shard's built
``objects.inv`` holds every entry the layout predicted for it, the entries the other shards
linked to.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from sphinx.util.inventory import InventoryFile

from glossator.shard import layout as shardlayout

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.5; color: #1a1a1a; background: #fff; }}
input {{ font: inherit; padding: .3rem .5rem; width: min(100%, 26rem); }}
button {{ font: inherit; padding: .3rem .8rem; }}
#results li {{ margin-bottom: .8rem; }}
.shard {{ color: #444; font-size: .9em; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>The archive is built in {count} parts, each a group of its sources with the annotations
about them. A page links to the pages of the other parts; this search covers every part.</p>
<ul class="shards">
{items}
</ul>
<form id="search" role="search">
<label for="q">Search every part</label>
<input id="q" name="q" type="search" autocomplete="off">
<button type="submit">Search</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<ol id="results"></ol>
<button id="more" type="button" hidden>Show more results</button>
</main>
<script type="module">
const SHARDS = {shards};
const here = new URL(".", document.baseURI);
const folder = (name) => new URL(name + "/", here);
let ready = null;
async function load() {{
  const pagefind = await import(new URL("pagefind/pagefind.js", folder(SHARDS[0])).href);
  await pagefind.options({{ baseUrl: folder(SHARDS[0]).pathname }});
  for (const name of SHARDS.slice(1)) {{
    await pagefind.mergeIndex(new URL("pagefind/", folder(name)).href,
                              {{ baseUrl: folder(name).pathname }});
  }}
  return pagefind;
}}
function shardOf(url) {{
  const path = new URL(url, here).pathname.slice(here.pathname.length);
  return path.split("/")[0];
}}
const PAGE_SIZE = 20;
let found = [];
async function show(from) {{
  const list = document.getElementById("results");
  const shown = await Promise.all(found.slice(from, from + PAGE_SIZE).map((r) => r.data()));
  for (const data of shown) {{
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    const part = document.createElement("span");
    part.className = "shard";
    part.textContent = " (" + shardOf(data.url) + ")";
    const excerpt = document.createElement("div");
    const parsed = new DOMParser().parseFromString(data.excerpt, "text/html");
    excerpt.textContent = parsed.body.textContent;
    item.append(link, part, excerpt);
    list.append(item);
  }}
  const count = list.children.length;
  document.getElementById("status").textContent = found.length === 1 ? "1 page found"
    : found.length + " pages found" + (count < found.length ? ", the first " + count + " shown" : "");
  document.getElementById("more").hidden = count >= found.length;
}}
async function run(query) {{
  const status = document.getElementById("status");
  const list = document.getElementById("results");
  list.replaceChildren();
  document.getElementById("more").hidden = true;
  if (!query) {{ status.textContent = ""; return; }}
  ready ??= load();
  const pagefind = await ready;
  found = (await pagefind.search(query)).results;
  await show(0);
  list.dataset.done = query;  // for readers of the page's state (the tests)
}}
document.getElementById("more").addEventListener("click", () => {{
  show(document.getElementById("results").children.length);
}});
const form = document.getElementById("search");
const input = document.getElementById("q");
form.addEventListener("submit", (event) => {{
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value.trim());
  history.replaceState(null, "", url);
  run(input.value.trim());
}});
const initial = new URLSearchParams(location.search).get("q");
if (initial) {{ input.value = initial; run(initial.trim()); }}
</script>
</body>
</html>
"""


def assemble(layout: Path, site: Path, title: str) -> list[str]:
    """Write ``site/index.html``, the merged search; return what is wrong with the shards."""
    names = shardlayout.shard_names(layout)
    problems: list[str] = []
    for name in names:
        built = site / name
        if not (built / "index.html").is_file():
            problems.append(f"{built}: shard '{name}' is not built there (no index.html)")
            continue
        if not (built / "pagefind" / "pagefind.js").is_file():
            problems.append(
                f"{built}: shard '{name}' has no search index (run glossator.search.index)"
            )
        problems.extend(_inventory_problems(layout, built, name))
    items = "\n".join(
        f'<li><a href="{html.escape(name)}/index.html">{html.escape(name)}</a></li>'
        for name in names
    )
    page = PAGE.format(
        title=html.escape(title),
        count=len(names),
        items=items,
        shards=json.dumps(names).replace("<", "\\u003c"),
    )
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(page, encoding="utf-8")
    return problems


def _inventory_problems(layout: Path, built: Path, name: str) -> list[str]:
    """Entries the other shards were told this shard has, and that its build does not have."""
    predicted_path = layout / shardlayout.INVENTORIES / f"{name}.inv"
    built_path = built / "objects.inv"
    if not built_path.is_file():
        return [f"{built}: shard '{name}' wrote no objects.inv"]
    predicted = InventoryFile.loads(predicted_path.read_bytes(), uri="")
    actual = InventoryFile.loads(built_path.read_bytes(), uri="")
    problems: list[str] = []
    for typ, items in sorted(predicted.data.items()):
        for entry, item in sorted(items.items()):
            have = actual.data.get(typ, {}).get(entry)
            if have is None or have.uri != item.uri:
                problems.append(
                    f"shard '{name}': {typ} '{entry}' was promised to the other shards at "
                    f"{item.uri} but its build has {have.uri if have else 'no such entry'}"
                )
    return problems
