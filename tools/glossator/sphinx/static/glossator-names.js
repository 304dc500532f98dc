/* glossator: spelling-tolerant name matching for the search page (window.glossatorNames).

   The names index (_static/glossator-names.gzjson, written by glossator/sphinx/namesindex.py)
   lists every name of every named object and carries the tables of glossator/namefold.py.
   fold() and skeleton() below apply those tables with the same steps as the Python functions
   of the same names; tests/name_cases.json is checked against both.

   match(query) compares the query with every name:
     tier 0  the folded query is a name (or is one once spaces are removed: "Abul Lawz");
     tier 1  the query is within a few edits of a whole name ("Ghwiran", "Abu al Lawz");
     tier 2  each word of the query is near a word of a name: a few edits ("Kadimi"), the
             start of a longer word ("Hasak"), or, across scripts, the same consonants
             ("الكاظمي" ~ "Al-Kazemi");
     tier 3  some words are, and one of them is misspelled ("Kadimi border"). A word typed as some name writes it matches only
             itself, and names an object only when few objects share it (a name, not
             "attack" or "province").
   The edits allowed grow with the word's length (none below 4 letters). */
(function () {
  "use strict";

  function stripMarks(text) {
    return text.replace(/\p{M}/gu, "");
  }

  function fold(text, tables) {
    var table = tables.fold;
    var decomposed = stripMarks(String(text).normalize("NFKD").toLowerCase());
    var mapped = "";
    for (var c of decomposed) {
      mapped += Object.prototype.hasOwnProperty.call(table, c) ? table[c] : c;
    }
    return mapped.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function isArabic(word) {
    return /[\u0600-\u06ff]/.test(word);
  }

  function skeleton(word, tables) {
    var letters = "";
    if (isArabic(word)) {
      for (var c of word) {
        letters += Object.prototype.hasOwnProperty.call(tables.arabic, c) ? tables.arabic[c] : "";
      }
    } else {
      tables.digraphs.forEach(function (pair) {
        word = word.split(pair[0]).join(pair[1]);
      });
      for (var d of word) {
        if (/^[a-z]$/.test(d) && tables.vowels.indexOf(d) < 0) {
          letters += d;
        }
      }
    }
    var out = "";
    for (var e of letters) {
      if (out.slice(-1) !== e) {
        out += e;
      }
    }
    return out;
  }

  function wordSkeleton(word, tables) {
    if (isArabic(word) && word.indexOf(tables.article) === 0 && Array.from(word).length > 3) {
      word = word.slice(tables.article.length);
    }
    return skeleton(word, tables);
  }

  /* Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
     neighbouring letters each cost 1 (the Python tests compare it with rapidfuzz's OSA). */
  function distance(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
    }
    for (var j = 1; j <= b.length; j++) {
      rows[0][j] = j;
    }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = best;
      }
    }
    return rows[a.length][b.length];
  }

  function allowed(length) {
    if (length < 4) {
      return 0;
    }
    if (length <= 6) {
      return 1;
    }
    return length <= 10 ? 2 : 3;
  }

  var RARE = 3; // an exactly typed word names something when at most this many objects share
  // it (glossator/namehint.py's RARE)

  function Index(data) {
    var tables = (this.tables = data.tables);
    var counts = (this.wordCounts = {});
    this.entries = data.names.map(function (row) {
      var forms = [row[2]].concat(row[3] || []).map(function (text) {
        var key = fold(text, tables);
        var words = key.split(" ").filter(Boolean);
        return {
          text: text,
          key: key,
          compact: key.replace(/ /g, ""),
          words: words,
          skeletons: words.map(function (w) {
            return wordSkeleton(w, tables);
          }),
        };
      });
      var seen = {};
      forms.forEach(function (form) {
        form.words.forEach(function (w) {
          if (!seen[w]) {
            seen[w] = true;
            counts[w] = (counts[w] || 0) + 1;
          }
        });
      });
      return { kind: data.kinds[row[0]], url: row[1], title: row[2], forms: forms };
    });
  }

  /* How one word of the query matches the words of one name form, or null. */
  Index.prototype.matchWord = function (word, form) {
    var tables = this.tables;
    var best = null;
    var length = Array.from(word).length;
    var known = (this.wordCounts[word] || 0) > 0; // written so in some name: no guessing
    var wordSkel = null;
    form.words.forEach(function (nameWord, index) {
      var found = null;
      if (nameWord === word) {
        found = { distance: 0, exact: true };
      } else if (known) {
        found = null;
      } else if (isArabic(word) !== isArabic(nameWord)) {
        wordSkel = wordSkel === null ? wordSkeleton(word, tables) : wordSkel;
        var other = form.skeletons[index];
        if (wordSkel.length >= 2 && wordSkel === other) {
          found = { distance: 0, exact: false };
        } else if (wordSkel.length >= 4 && distance(wordSkel, other) <= 1) {
          found = { distance: 1, exact: false };
        }
      } else if (length >= 4 && nameWord.length > length && nameWord.indexOf(word) === 0) {
        found = { distance: 0.5, exact: false };
      } else {
        var edits = allowed(length);
        if (edits && Math.abs(nameWord.length - length) <= edits) {
          var d = distance(word, nameWord);
          if (d <= edits) {
            found = { distance: d, exact: false };
          }
        }
      }
      if (found && (!best || found.distance < best.distance)) {
        found.nameWord = nameWord;
        best = found;
      }
    });
    return best;
  };

  /* The best way a folded query matches one name form: {tier, distance, form} or null. */
  Index.prototype.matchForm = function (key, words, form) {
    var compact = key.replace(/ /g, "");
    if (form.key === key || form.compact === compact) {
      return { tier: 0, distance: 0, form: form };
    }
    var edits = allowed(Array.from(compact).length);
    if (edits && Math.abs(form.compact.length - compact.length) <= edits) {
      var whole = distance(compact, form.compact);
      if (whole <= edits) {
        return { tier: 1, distance: whole, form: form };
      }
    }
    var self = this;
    var total = 0;
    var counted = 0;
    var missed = 0;
    var named = false;
    var corrections = [];
    for (var i = 0; i < words.length; i++) {
      if (Array.from(words[i]).length < 3) {
        continue; // "al", "el", "of": neither needed nor enough
      }
      var hit = self.matchWord(words[i], form);
      if (!hit) {
        missed += 1;
        continue;
      }
      counted += 1;
      total += hit.distance;
      if (!hit.exact) {
        corrections.push([words[i], hit.nameWord]);
      }
      if (!hit.exact || (self.wordCounts[hit.nameWord] || 0) <= RARE) {
        named = true;
      }
    }
    // every word near the name (tier 2), or some other words besides a misspelled one
    // ("Kadimi border": tier 3); a word typed right that shares nothing with the name is
    // left to Pagefind
    if (!counted || !named || (missed && !corrections.length)) {
      return null;
    }
    return {
      tier: missed ? 3 : 2,
      distance: total,
      form: form,
      spare: form.words.length - counted,
      corrections: corrections,
    };
  };

  /* The query with its misspelled words replaced by the words of the name they are near,
     written as the name writes them ("Kadimi border" -> "Kadhimi border"), or null. */
  Index.prototype.corrected = function (query, hit) {
    var tables = this.tables;
    if (!hit.corrections || !hit.corrections.length) {
      return null;
    }
    var pieces = {};
    hit.form.text.split(/[^\p{L}\p{N}'\u2019\u02bc]+/u).forEach(function (piece) {
      pieces[fold(piece, tables)] = piece;
    });
    var words = fold(query, tables).split(" ");
    hit.corrections.forEach(function (pair) {
      var at = words.indexOf(pair[0]);
      if (at >= 0) {
        words[at] = pieces[pair[1]] || pair[1];
      }
    });
    return words.join(" ");
  };

  /* Objects a query names, best first: [{entry, tier, distance, form}], at most `limit`. */
  Index.prototype.match = function (query, limit) {
    var key = fold(query, this.tables);
    if (!key) {
      return [];
    }
    var words = key.split(" ");
    var self = this;
    var found = [];
    this.entries.forEach(function (entry) {
      var best = null;
      entry.forms.forEach(function (form) {
        var hit = self.matchForm(key, words, form);
        if (hit && (!best || compare(hit, best) < 0)) {
          best = hit;
        }
      });
      if (best) {
        best.entry = entry;
        found.push(best);
      }
    });
    if (!found.length) {
      return [];
    }
    found.sort(compare);
    var first = found[0];
    return found
      .filter(function (hit) {
        return hit.tier === first.tier && hit.distance <= first.distance;
      })
      .slice(0, limit || 3);
  };

  function compare(a, b) {
    return (
      a.tier - b.tier ||
      a.distance - b.distance ||
      (a.spare || 0) - (b.spare || 0) ||
      a.form.key.length - b.form.key.length ||
      (a.entry && b.entry ? a.entry.url.localeCompare(b.entry.url) : 0)
    );
  }

  /* The hint (glossator/namehint.py): a Bloom filter of the keys a name query can have. */
  function fnv1a(bytes, seed) {
    var value = seed >>> 0;
    for (var i = 0; i < bytes.length; i++) {
      value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    }
    return value;
  }

  function positions(key, bits, hashes) {
    var bytes = new TextEncoder().encode(key);
    var first = fnv1a(bytes, 0x811c9dc5);
    var second = (fnv1a(bytes, first) | 1) >>> 0;
    var out = [];
    for (var i = 0; i < hashes; i++) {
      out.push((first + i * second) % bits);
    }
    return out;
  }

  function Hint(data) {
    this.tables = data.tables;
    this.bits = data.hint.bits;
    this.hashes = data.hint.hashes;
    this.rare = data.hint.rare;
    var text = atob(data.hint.filter);
    this.array = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      this.array[i] = text.charCodeAt(i);
    }
  }

  Hint.prototype.contains = function (key) {
    var array = this.array;
    return positions(key, this.bits, this.hashes).every(function (p) {
      return (array[p >> 3] & (1 << (p & 7))) !== 0;
    });
  };

  /* Whether the query may be a name: its spaceless key is that of a name of several words,
     or a word of it (of at least three letters) is a word few names share. */
  Hint.prototype.mayName = function (query) {
    var key = fold(query, this.tables);
    if (!key) {
      return false;
    }
    var self = this;
    return (
      this.contains(key.replace(/ /g, "")) ||
      key.split(" ").some(function (word) {
        return Array.from(word).length >= 3 && self.contains(word);
      })
    );
  };

  async function loadHint(url) {
    var response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) {
      throw new Error("names hint: HTTP " + response.status);
    }
    return new Hint(await response.json());
  }

  /* The index's bytes are gzip (from the build) or JSON (if a server unpacked them). */
  async function parse(response) {
    var bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  async function load(url) {
    var response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) {
      throw new Error("names index: HTTP " + response.status);
    }
    return new Index(await parse(response));
  }

  window.glossatorNames = {
    fold: fold,
    skeleton: skeleton,
    wordSkeleton: wordSkeleton,
    distance: distance,
    allowed: allowed,
    load: load,
    loadHint: loadHint,
    positions: positions,
    Index: Index,
    Hint: Hint,
  };
})();
