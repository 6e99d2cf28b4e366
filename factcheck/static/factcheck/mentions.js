/* @mention autocomplete for comment boxes (textarea.mention-input[data-mentions-url]).
   Suggests people who can see the claim, from the JSON at data-mentions-url?q=prefix.
   Arrow keys move, Enter or Tab picks, Escape closes; a click picks too. No inline script or
   style: the content security policy forbids both. */
(function () {
  "use strict";
  const MENTION_BEFORE_CARET = /(?:^|[\s(])@([\w.@+-]*)$/;
  let counter = 0;

  function setUp(box) {
    counter += 1;
    const list = document.createElement("ul");
    list.id = "mention-list-" + counter;
    list.className = "mention-list list-group d-none";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.after(list, status);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    let people = [];
    let active = -1;
    let start = -1;
    let pending = null;

    function close() {
      list.classList.add("d-none");
      list.replaceChildren();
      box.removeAttribute("aria-activedescendant");
      people = [];
      active = -1;
    }

    function highlight(index) {
      active = index;
      [...list.children].forEach((item, i) => {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) box.setAttribute("aria-activedescendant", list.children[index].id);
    }

    function pick(index) {
      const person = people[index];
      if (!person) return;
      const caret = box.selectionStart;
      const before = box.value.slice(0, start) + "@" + person.username + " ";
      box.value = before + box.value.slice(caret);
      box.setSelectionRange(before.length, before.length);
      close();
      box.focus();
    }

    function show(found) {
      people = found;
      list.replaceChildren();
      found.forEach((person, i) => {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.textContent = "@" + person.username + (person.name ? " (" + person.name + ")" : "");
        item.addEventListener("mousedown", (event) => { event.preventDefault(); pick(i); });
        list.append(item);
      });
      list.classList.toggle("d-none", found.length === 0);
      status.textContent = found.length ? found.length + " people to mention; arrow keys to choose" : "";
      highlight(found.length ? 0 : -1);
    }

    box.addEventListener("input", () => {
      const match = MENTION_BEFORE_CARET.exec(box.value.slice(0, box.selectionStart));
      if (!match) { close(); return; }
      start = box.selectionStart - match[1].length - 1;
      const url = box.dataset.mentionsUrl + "?q=" + encodeURIComponent(match[1]);
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url, { signal: pending.signal, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { people: [] }))
        .then((data) => show(data.people || []))
        .catch(() => {});
    });

    box.addEventListener("keydown", (event) => {
      if (!people.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % people.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + people.length) % people.length); }
      else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); pick(active); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    box.addEventListener("blur", close);
  }

  document.querySelectorAll("textarea.mention-input[data-mentions-url]").forEach(setUp);
})();
