/* glossator: sortable listing tables. Each column heading of a table.glossator-sortable becomes
   a button; a click sorts the rows by that column (again: the other way). A cell sorts by its
   data-sort key when it has one (dates, as ISO text), otherwise by its text. Without
   JavaScript the tables stay as built: in the order the build gave them. */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function keyOf(cell) {
    var keyed = cell.querySelector("[data-sort]");
    return keyed ? keyed.getAttribute("data-sort") : cell.textContent.trim();
  }

  function sortBy(table, column, heads) {
    var body = table.tBodies[0];
    if (!body) {
      return;
    }
    var current = heads[column].getAttribute("aria-sort");
    var ascending = current !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, index) {
      row.dataset.glossatorIndex = row.dataset.glossatorIndex || String(index);
    });
    rows.sort(function (a, b) {
      var x = keyOf(a.cells[column] || a);
      var y = keyOf(b.cells[column] || b);
      var order = collator.compare(x, y);
      if (order === 0) {
        order = Number(a.dataset.glossatorIndex) - Number(b.dataset.glossatorIndex);
        return order;
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    heads.forEach(function (head, index) {
      if (index === column) {
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      } else {
        head.removeAttribute("aria-sort");
      }
    });
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) {
      return;
    }
    var heads = Array.prototype.slice.call(head.rows[0].cells);
    heads.forEach(function (cell, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "glossator-sort";
      button.textContent = cell.textContent.trim();
      button.title = "Sort by this column";
      button.addEventListener("click", function () {
        sortBy(table, column, heads);
      });
      cell.textContent = "";
      cell.appendChild(button);
    });
  }

  function init() {
    document.querySelectorAll("table.glossator-sortable").forEach(makeSortable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
