// A virtualised list of fixed-height rows: only the rows in (or near) the scroller's viewport exist in the
// DOM, between two spacers that stand for the rest, so render work follows what is visible, not the length
// of the list. Works for <ul>/<ol> (rows are <li>) and <tbody> (rows are <tr>): the rows stay in normal flow,
// so table columns keep their widths. Rows already built are kept while they stay in range, so a focused
// row keeps its focus while the list scrolls.

export class VirtualList {
  /**
   * @param {HTMLElement} container  the <ul>, <ol> or <tbody> that holds the rows
   * @param {object} o
   * @param {HTMLElement} o.scroller  the element that scrolls (an ancestor of container)
   * @param {number} o.rowHeight      every row's height in CSS pixels (the rows must be styled to it)
   * @param {(item: any, index: number) => HTMLElement} o.render  builds one row
   * @param {number} [o.columns]      for a <tbody>: the number of columns the spacer cells span
   * @param {number} [o.overscan]     rows built beyond each edge of the viewport
   */
  constructor(container, { scroller, rowHeight, render, columns = 1, overscan = 6 }) {
    this.container = container;
    this.scroller = scroller;
    this.rowHeight = rowHeight;
    this.renderRow = render;
    this.overscan = overscan;
    this.items = [];
    this.rows = new Map();
    this.range = [0, 0];
    this.top = spacer(container, columns);
    this.bottom = spacer(container, columns);
    this.frame = 0;
    const schedule = () => {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.update(false);
      });
    };
    scroller.addEventListener("scroll", schedule, { passive: true });
    // Also fires when the panel goes from hidden to shown, or the window changes size.
    new ResizeObserver(schedule).observe(scroller);
  }

  /** Replaces the items; rows are built for the visible ones only. */
  setItems(items) {
    this.items = items;
    this.rows.clear();
    this.update(true);
  }

  get length() {
    return this.items.length;
  }

  /** The [start, end) indexes of the rows in the DOM. */
  visibleRange() {
    return [...this.range];
  }

  /** Scrolls so that the row at `index` is in view (built, not focused). */
  scrollToIndex(index) {
    const offset = this.offsetInScroller() + index * this.rowHeight;
    if (offset < this.scroller.scrollTop || offset + this.rowHeight > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = Math.max(0, offset - this.scroller.clientHeight / 3);
    }
    this.update(false);
  }

  offsetInScroller() {
    if (this.container.offsetParent === null) return 0;
    const a = this.container.getBoundingClientRect().top;
    const b = this.scroller.getBoundingClientRect().top;
    return a - b + this.scroller.scrollTop;
  }

  /** Whether the list can be seen: no hidden panel or closed <details> around it (no layout is read). */
  shown() {
    return !this.scroller.closest("[hidden]") && !this.container.closest("details:not([open])");
  }

  update(force) {
    const n = this.items.length;
    const h = this.rowHeight;
    if (!this.shown()) {
      // Nothing to measure: new items wait, without rows and without forcing a layout, until the list is
      // shown again (which calls update); rows built before stay as they are.
      if (force) {
        this.rows.clear();
        this.range = [0, 0];
        this.container.replaceChildren(this.top, this.bottom);
        setSpacer(this.top, 0);
        setSpacer(this.bottom, n * h);
      }
      return;
    }
    // A hidden scroller has no height: build a first screenful, the rest comes when it is shown.
    const viewport = this.scroller.clientHeight || 600;
    const from = this.scroller.scrollTop - this.offsetInScroller();
    const start = Math.max(0, Math.min(n, Math.floor(from / h) - this.overscan));
    const end = Math.max(start, Math.min(n, Math.ceil((from + viewport) / h) + this.overscan));
    if (force) {
      this.rows.clear();
      this.container.replaceChildren(this.top, this.bottom);
    } else if (start === this.range[0] && end === this.range[1]) {
      return;
    }
    this.range = [start, end];
    // Rows that stay are left where they are (moving a node would drop its focus); the others go.
    for (const [index, row] of this.rows) {
      if (index < start || index >= end) {
        row.remove();
        this.rows.delete(index);
      }
    }
    const kept = [...this.rows.keys()];
    const keptStart = kept.length ? Math.min(...kept) : end;
    const keptEnd = kept.length ? Math.max(...kept) + 1 : end;
    const build = (i) => {
      const row = this.renderRow(this.items[i], i);
      row.style.height = `${h}px`;
      this.rows.set(i, row);
      return row;
    };
    const before = this.rows.get(keptStart) ?? this.bottom;
    for (let i = start; i < keptStart; i++) this.container.insertBefore(build(i), before);
    for (let i = Math.max(keptEnd, start); i < end; i++) this.container.insertBefore(build(i), this.bottom);
    setSpacer(this.top, start * h);
    setSpacer(this.bottom, (n - end) * h);
  }
}

function spacer(container, columns) {
  const tag = container.tagName;
  if (tag === "TBODY" || tag === "TABLE") {
    const tr = document.createElement("tr");
    tr.className = "spacer";
    tr.setAttribute("aria-hidden", "true");
    const td = document.createElement("td");
    td.colSpan = columns;
    tr.append(td);
    return tr;
  }
  const li = document.createElement("li");
  li.className = "spacer";
  li.setAttribute("aria-hidden", "true");
  return li;
}

function setSpacer(node, px) {
  node.hidden = px === 0;
  const target = node.firstElementChild ?? node;
  target.style.height = `${px}px`;
}
