// Lists whose entries differ in height (status cards, tree branches) are built a page at a time: the first
// page at once, the next when the reader asks for it. A large input costs one page of DOM, not all of it.
import { el, plural } from "./dom.js";

export const PAGE = 40;

/**
 * Fills `container` with `build(item)` for the first `page` items and a "Show more" button that adds the
 * next page. `wrap(button)` places the button (an <li> for lists).
 */
export function renderPaged(container, items, build, { page = PAGE, noun = "more", wrap = (b) => b } = {}) {
  let shown = 0;
  let more = null;
  const addPage = () => {
    const next = items.slice(shown, shown + page).map(build);
    shown += next.length;
    more?.remove();
    container.append(...next);
    const left = items.length - shown;
    if (left > 0) {
      const button = el("button", "more", `Show ${Math.min(page, left)} more (${plural(left, noun)} not shown)`);
      button.type = "button";
      button.addEventListener("click", () => {
        // Focus moves to the first new entry (the button it was on goes away).
        const added = addPage();
        if (added[0]) {
          added[0].tabIndex = -1;
          added[0].focus();
        }
      });
      more = wrap(button);
      more.classList?.add("more-row");
      container.append(more);
    }
    return next;
  };
  container.replaceChildren();
  addPage();
}
