// The data set form, keyboard first: arrows and Enter move between cells (Enter goes down, like the journal),
// a class chosen in the list opens at once. Without JavaScript the form works as a plain form.
(function () {
  "use strict";
  function cells(form) {
    return Array.from(form.querySelectorAll("tbody tr")).map(function (row) {
      return Array.from(row.querySelectorAll("input, select"));
    });
  }
  function place(grid, field) {
    for (var r = 0; r < grid.length; r++) {
      var c = grid[r].indexOf(field);
      if (c >= 0) return [r, c];
    }
    return null;
  }
  function move(grid, at, dr, dc) {
    var r = at[0] + dr, c = at[1] + dc;
    if (r < 0 || r >= grid.length || c < 0 || c >= grid[r].length) return;
    grid[r][c].focus();
    if (grid[r][c].select) grid[r][c].select();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.dataset-form");
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    if (!form) return;
    form.addEventListener("keydown", function (event) {
      var grid = cells(form), at = place(grid, event.target);
      if (!at) return;
      var isText = event.target.tagName === "INPUT";
      if (event.key === "Enter") { event.preventDefault(); move(grid, at, event.shiftKey ? -1 : 1, 0); }
      else if (event.key === "ArrowDown" && isText) { event.preventDefault(); move(grid, at, 1, 0); }
      else if (event.key === "ArrowUp" && isText) { event.preventDefault(); move(grid, at, -1, 0); }
      else if (event.key === "ArrowRight" && (!isText || event.target.selectionStart === event.target.value.length)) { move(grid, at, 0, 1); }
      else if (event.key === "ArrowLeft" && (!isText || event.target.selectionStart === 0)) { move(grid, at, 0, -1); }
    });
  });
})();
