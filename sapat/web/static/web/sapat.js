// Small behaviour shared by every page. Kept in a static file, never inline: the Content-Security-Policy
// allows scripts from this site only (docs/access.md, "Headers").
"use strict";

// A select marked data-submit-on-change sends its form when a choice is made (the language switch);
// without JavaScript the form's own button does it.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});

// A long list of choices marked data-searchable gets a search box above it: typing keeps only the options
// whose text holds every word typed (case and order ignored); chosen options always stay visible. Without
// JavaScript the list is the plain select, with type-ahead.
function makeSearchable(select) {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "choice-search";
  box.placeholder = select.dataset.searchable;
  box.setAttribute("aria-label", select.dataset.searchable);
  box.setAttribute("aria-controls", select.id);
  box.addEventListener("input", () => {
    const words = box.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    for (const option of select.options) {
      const text = option.text.toLocaleLowerCase();
      option.hidden = !option.selected && !words.every((word) => text.includes(word));
    }
  });
  select.before(box);
}
document.querySelectorAll("select[data-searchable]").forEach(makeSearchable);
