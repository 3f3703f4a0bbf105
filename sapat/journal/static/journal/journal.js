/* Sapat journal grids: keyboard entry, saving as you go, errors in place. No framework.
 *
 * Progressive: without this file the grid is a plain form that posts the whole table. With it, every
 * cell (data-mode="cell": marks) or row (data-mode="row": scores, control results) is saved by a small
 * POST as soon as it is left; the answer's figures replace those on the page. A refused or failed save
 * keeps what was typed in the cell, marks it red with the server's message, and is retried on Enter or
 * with the "Try again" button. Saves run one after another, in the order they were made.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.journal");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var textsNode = document.getElementById("journal-texts");
  var texts = textsNode ? JSON.parse(textsNode.textContent) || {} : {};
  var mode = form.dataset.mode;
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var statusText = form.querySelector("[data-status]");
  var retryButton = form.querySelector("[data-retry]");
  var failed = new Set();
  var queued = new Set(); // cells or rows waiting for their save: one request each, however often committed
  var pending = 0;
  var queue = Promise.resolve();

  form.classList.add("live");
  var matrix = Array.prototype.map.call(form.querySelectorAll("tbody tr[data-student]"), function (tr) {
    return Array.prototype.slice.call(tr.querySelectorAll("input[data-cell]"));
  });

  // Moving around -------------------------------------------------------------------------------------

  function position(input) {
    for (var r = 0; r < matrix.length; r++) {
      var c = matrix[r].indexOf(input);
      if (c >= 0) return [r, c];
    }
    return null;
  }

  function move(input, dr, dc) {
    var at = position(input);
    if (!at) return;
    var r = Math.min(Math.max(at[0] + dr, 0), matrix.length - 1);
    var row = matrix[r];
    var target = row[Math.min(Math.max(at[1] + dc, 0), row.length - 1)];
    if (target && target !== input) target.focus();
    (target || input).select(); // now, so that the next key replaces the cell's text (at an edge too)
  }

  // In a control work with tasks, Enter walks the row's task cells and then the next student's first task, so
  // that a whole class is typed with one key; elsewhere (a score, a mark) it goes down to the next student.
  function isTask(input) {
    return /^t\d+$/.test(input.dataset.cell || "");
  }

  function next(input, back) {
    var at = position(input);
    if (mode !== "row" || !at || !isTask(input)) return move(input, back ? -1 : 1, 0);
    var tasks = matrix[at[0]].filter(isTask);
    var index = tasks.indexOf(input) + (back ? -1 : 1);
    if (index >= 0 && index < tasks.length) return move(input, 0, matrix[at[0]].indexOf(tasks[index]) - at[1]);
    var row = matrix[Math.min(Math.max(at[0] + (back ? -1 : 1), 0), matrix.length - 1)];
    var target = (back ? row.filter(isTask).slice(-1) : row.filter(isTask))[0] || input;
    target.focus();
    target.select();
  }

  function allSelected(input) {
    return input.selectionStart === 0 && input.selectionEnd === input.value.length;
  }

  function onKey(event) {
    var input = event.target;
    if (!input.matches("input[data-cell], input[data-max]")) return;
    var key = event.key;
    if (key === "Enter") {
      event.preventDefault(); // never submit the whole form from a cell
      commit(input, true);
      if (input.dataset.cell) next(input, event.shiftKey);
    } else if (key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      commit(input);
      move(input, key === "ArrowDown" ? 1 : -1, 0);
    } else if (key === "ArrowLeft" && (allSelected(input) || input.selectionEnd === 0)) {
      event.preventDefault();
      commit(input);
      move(input, 0, -1);
    } else if (key === "ArrowRight" && (allSelected(input) || input.selectionStart === input.value.length)) {
      event.preventDefault();
      commit(input);
      move(input, 0, 1);
    } else if (key === "Delete" && mode === "cell" && !input.readOnly) {
      // A mark is one short word: Delete clears the whole cell and saves (Backspace edits characters).
      event.preventDefault();
      input.value = "";
      commit(input, true);
    } else if (key === "Escape" && !input.readOnly) {
      input.value = input.dataset.saved || "";
      input.select();
    }
  }

  form.addEventListener("keydown", onKey);
  form.addEventListener("focusin", function (event) {
    // At once, so that a key pressed before the next task replaces the cell's text (the browser may run a
    // pending key before a timer); and again after a click has placed the caret, where select() would pull
    // the focus back if it had moved on since. Only while nothing was typed yet: a late select() would
    // swallow the first letter of "н/а".
    var input = event.target;
    if (!input.matches("input")) return;
    input.select();
    var before = input.value;
    window.setTimeout(function () {
      if (document.activeElement === input && input.value === before) input.select();
    }, 0);
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[data-cell], input[data-max]")) commit(event.target);
  });

  // Saving ----------------------------------------------------------------------------------------------

  function changed(input) {
    return input.value.trim() !== (input.dataset.saved || "").trim();
  }

  function commit(input, retry) {
    if (input.readOnly) return;
    if (input.dataset.max !== undefined) return commitMaximum(input);
    var unit = mode === "cell" ? input : input.closest("tr");
    if (changed(input) || (retry && failed.has(unit))) enqueue(unit);
  }

  function commitMaximum(input) {
    // A column's maximum changed: save again every row that has a score in that column.
    if (!changed(input)) return;
    input.dataset.saved = input.value;
    matrix.forEach(function (row) {
      row.forEach(function (cell) {
        if (cell.dataset.cell === input.dataset.max && cell.value.trim()) enqueue(cell.closest("tr"), true);
      });
    });
  }

  function enqueue(unit, force) {
    if (queued.has(unit)) return;
    queued.add(unit);
    pending++;
    show();
    queue = queue.then(function () {
      queued.delete(unit); // what is typed from now on is read by this save or commits again
      return mode === "cell" ? saveCell(unit) : saveRow(unit, force);
    }).then(done, done);
  }

  function done() {
    pending--;
    show();
  }

  function post(body) {
    return fetch(form.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") >= 0) return response.json();
      return { ok: false, error: response.status === 403 ? texts.forbidden : texts.unexpected };
    }, function () {
      return { ok: false, error: texts.offline };
    });
  }

  function saveCell(input) {
    if (!changed(input) && !failed.has(input)) return null;
    var td = input.closest("td");
    var sent = input.value;
    var body = new URLSearchParams();
    body.append("student", input.closest("tr").dataset.student);
    body.append("period", input.dataset.period);
    body.append("value", sent);
    td.classList.add("saving");
    return post(body).then(function (answer) {
      td.classList.remove("saving");
      if (!answer.ok) return fail(input, td, answer.error);
      if (input.value === sent) input.value = answer.display;
      input.dataset.saved = answer.display;
      clear(input, td);
      figures(input.dataset.period, answer.figures);
    });
  }

  function saveRow(tr, force) {
    var inputs = Array.prototype.slice.call(tr.querySelectorAll("input[data-cell]"));
    if (!force && !failed.has(tr) && !inputs.some(changed)) return null;
    var body = new URLSearchParams();
    var sent = {};
    body.append("student", tr.dataset.student);
    inputs.forEach(function (input) {
      sent[input.dataset.cell] = input.value;
      body.append(input.dataset.cell, input.value);
    });
    form.querySelectorAll("input[data-max]").forEach(function (input) {
      body.append("max-" + input.dataset.max, input.value);
    });
    tr.classList.add("saving");
    return post(body).then(function (answer) {
      tr.classList.remove("saving");
      rowErrors(tr, inputs, answer.ok ? {} : answer.errors || { "": answer.error });
      if (!answer.ok) {
        failed.add(tr);
        return show();
      }
      failed.delete(tr);
      inputs.forEach(function (input) {
        var stored = answer.cells[input.dataset.cell];
        if (stored === undefined) return;
        if (input.value === sent[input.dataset.cell]) input.value = stored;
        input.dataset.saved = stored;
      });
      marks(tr, answer);
      if (answer.figures) figures(form.dataset.period, answer.figures);
      if (answer.analysis !== undefined) document.querySelector("[data-analysis]").innerHTML = answer.analysis;
      show();
    });
  }

  // Showing -----------------------------------------------------------------------------------------

  function message(td, text) {
    var node = td.querySelector(".cell-error");
    if (!text) {
      if (node) node.remove();
      return;
    }
    if (!node) {
      node = document.createElement("span");
      node.className = "cell-error";
      node.setAttribute("role", "alert");
      td.appendChild(node);
    }
    node.textContent = text;
  }

  function fail(input, td, text) {
    failed.add(input);
    td.classList.add("failed");
    input.setAttribute("aria-invalid", "true");
    message(td, text);
    show();
  }

  function clear(input, td) {
    failed.delete(input);
    td.classList.remove("failed");
    input.removeAttribute("aria-invalid");
    message(td, "");
  }

  function rowErrors(tr, inputs, errors) {
    var rowCell = tr.querySelector(".row-message");
    inputs.forEach(function (input) {
      var td = input.closest("td");
      var text = errors[input.dataset.cell];
      td.classList.toggle("failed", Boolean(text) || (Boolean(errors[""]) && !rowCell));
      if (text) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      message(td, text || "");
    });
    if (rowCell) {
      message(rowCell, errors[""] || "");
      tr.classList.toggle("failed-row", Boolean(errors[""]));
    } else if (errors[""]) {
      message(inputs[inputs.length - 1].closest("td"), errors[""]);
    }
  }

  function marks(tr, answer) {
    var shown = answer.marks || (answer.mark !== undefined ? { work: answer.mark } : {});
    Object.keys(shown).forEach(function (name) {
      var node = tr.querySelector('[data-mark="' + name + '"]');
      if (node) node.textContent = shown[name];
    });
  }

  function figures(period, values) {
    if (!values) return;
    document.querySelectorAll('[data-figure][data-period="' + period + '"]').forEach(function (node) {
      var value = values[node.dataset.figure];
      if (value === undefined || node.textContent === value) return;
      node.textContent = value;
      node.classList.remove("changed");
      void node.offsetWidth; // restart the highlight
      node.classList.add("changed");
    });
  }

  function show() {
    if (!statusText) return;
    if (pending > 0) statusText.textContent = texts.saving;
    else if (failed.size > 0) statusText.textContent = texts.unsaved + " " + failed.size;
    else statusText.textContent = texts.saved;
    statusText.parentNode.classList.toggle("has-failures", failed.size > 0);
    if (retryButton) retryButton.hidden = failed.size === 0 || pending > 0;
  }

  if (retryButton) {
    retryButton.addEventListener("click", function () {
      Array.from(failed).forEach(function (unit) { enqueue(unit, true); });
    });
  }
  window.addEventListener("online", function () {
    Array.from(failed).forEach(function (unit) { enqueue(unit, true); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending > 0 || failed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  if (statusText) statusText.textContent = "";
})();
