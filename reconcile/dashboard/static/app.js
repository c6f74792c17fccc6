// reconcile review dashboard: actions without full reloads, and keyboard shortcuts.
// Plain JS, no build step. Every form also works without this file (it posts and the server
// redirects back); with it, forms marked data-fetch post in the background and the server's
// fragment replaces the elements with the same ids.
(() => {
  "use strict";

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const csrf = () => ($('meta[name="csrf-token"]') || {}).content || "";
  const page = () => document.body.dataset.page;

  // --- fragments ------------------------------------------------------------------------------

  function swapIn(html) {
    const tpl = document.createElement("template");
    tpl.innerHTML = html; // server-rendered, autoescaped; the CSP forbids inline script anyway
    for (const fresh of $$("[id]", tpl.content)) {
      if (fresh.parentElement && fresh.parentElement.closest("[id]")) continue; // outermost only
      const old = document.getElementById(fresh.id);
      if (!old) continue;
      if (fresh.id === "flash") {
        // Keep the live region itself, so screen readers announce the new text.
        old.className = fresh.className;
        old.textContent = fresh.textContent;
      } else {
        old.replaceWith(fresh);
      }
    }
  }

  function say(text, isError) {
    const flash = $("#flash");
    if (!flash) return;
    flash.className = "flash" + (isError ? " error" : "");
    flash.textContent = text;
  }

  async function post(url, body) {
    body.set("csrf", csrf());
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Fragment": "1", "X-CSRF-Token": csrf() },
      });
    } catch (err) {
      say("The service did not answer; nothing was changed.", true);
      return false;
    }
    if (response.status === 401) {
      location.href = "/signin?next=" + encodeURIComponent(location.pathname + location.search);
      return false;
    }
    swapIn(await response.text());
    return response.ok;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-fetch")) return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form, event.submitter || undefined));
    // getAttribute: a control named "action" shadows form.action (the buttons are named so).
    const ok = await post(form.getAttribute("action"), body);
    if (ok && page() === "queue") afterQueueUpdate();
  });

  // --- the queue ------------------------------------------------------------------------------

  let current = -1;
  const rows = () => $$("#queue tbody tr[data-id]");

  function focusRow(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("current", i === current));
    const link = $("a.open", all[current]);
    if (link) link.focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function afterQueueUpdate() {
    if (current >= 0) focusRow(current);
    const all = $("#select-all");
    if (all) all.checked = false;
  }

  function selectedIds() {
    return $$('#queue tbody input[name="ids"]:checked').map((box) => box.value);
  }

  function currentRow() {
    const all = rows();
    return current >= 0 && current < all.length ? all[current] : null;
  }

  function queueAction(action) {
    let ids = selectedIds();
    const row = currentRow();
    if (!ids.length && row) ids = [row.dataset.id];
    if (!ids.length) {
      say("Move to a conflict with j / k, or tick some, first.", true);
      return;
    }
    const body = new URLSearchParams();
    body.set("action", action);
    ids.forEach((id) => body.append("ids", id));
    const back = $('#bulk input[name="return_to"]');
    body.set("return_to", back ? back.value : "/");
    post($("#bulk").getAttribute("action"), body).then((ok) => ok && afterQueueUpdate());
  }

  document.addEventListener("change", (event) => {
    if (event.target.id !== "select-all") return;
    $$('#queue tbody input[name="ids"]').forEach((box) => { box.checked = event.target.checked; });
  });

  document.addEventListener("focusin", (event) => {
    // Tabbing or clicking into a row makes it the current one, so j / k continue from there.
    const row = event.target.closest && event.target.closest("#queue tbody tr[data-id]");
    if (row) {
      current = rows().indexOf(row);
      rows().forEach((r) => r.classList.toggle("current", r === row));
    }
  });

  // --- keys -----------------------------------------------------------------------------------

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function toggleShortcuts() {
    const box = $("#shortcuts");
    if (!box) return;
    box.hidden = !box.hidden;
    if (!box.hidden) box.scrollIntoView({ block: "nearest" });
  }

  const onQueue = {
    j: () => focusRow(current + 1),
    k: () => focusRow(current < 0 ? 0 : current - 1),
    x: () => {
      const row = currentRow();
      const box = row && $('input[name="ids"]', row);
      if (box) box.checked = !box.checked;
    },
    o: () => { const row = currentRow(); if (row) location.href = row.dataset.url; },
    c: () => queueAction("confirm"),
    d: () => queueAction("dismiss"),
    r: () => { const row = currentRow(); if (row) location.href = row.dataset.url + "#resolve"; },
    "/": () => { const box = $("#search"); if (box) box.focus(); },
  };

  const click = (sel) => () => { const el = $(sel); if (el) el.click(); else say("Sign in to review.", true); };
  const follow = (rel) => () => { const a = $(`a[rel="${rel}"]`); if (a) location.href = a.href; };

  const onConflict = {
    j: follow("next"),
    k: follow("prev"),
    c: click("#do-confirm"),
    d: click("#do-dismiss"),
    a: click("#assign-me"),
    r: () => {
      const field = $("#resolve-value") || $("#resolve-source");
      if (!field) { say("Sign in to review.", true); return; }
      field.scrollIntoView({ block: "center" });
      field.focus();
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      if (event.key === "Escape" && typing(event.target)) event.target.blur();
      return;
    }
    if (event.key === "?") { toggleShortcuts(); event.preventDefault(); return; }
    const table = page() === "queue" ? onQueue : page() === "conflict" ? onConflict : null;
    const act = table && table[event.key];
    if (act) {
      event.preventDefault();
      act();
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    if (page() === "conflict" && location.hash === "#resolve") onConflict.r();
  });
})();
