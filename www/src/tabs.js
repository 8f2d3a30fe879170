// Tabs as the WAI-ARIA tabs pattern: arrow keys and Home/End move between tabs (roving tabindex), one
// panel shown at a time.

/**
 * Wires the tabs of `tablist`. `onSelect(tabId)` runs after a tab is shown. Returns { select(tabId, focus),
 * current(), ids }.
 */
export function setupTabs(tablist, { onSelect = () => {} } = {}) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  let current = tabs[0];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
    current = tab;
    if (focus) tab.focus();
    onSelect(tab.id);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (e) => {
      let next = null;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = tabs[(i + 1) % tabs.length];
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === "Home") next = tabs[0];
      else if (e.key === "End") next = tabs[tabs.length - 1];
      if (next) {
        e.preventDefault();
        select(next, true);
      }
    });
  });
  for (const t of tabs) {
    const on = t === current;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
  return {
    ids: tabs.map((t) => t.id),
    current: () => current.id,
    select(id, focus = false) {
      const tab = tabs.find((t) => t.id === id);
      if (tab) select(tab, focus);
    },
  };
}
