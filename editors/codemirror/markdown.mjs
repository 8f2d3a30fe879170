// The little Markdown that gwlint-lsp's hovers use, as DOM nodes (text only: nothing from the document becomes
// HTML): paragraphs, "- " lists (nested by indentation), "---" rules, **bold**, `code` and [links](https://...).

const INLINE = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g;

function inline(parent, text) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) {
      const b = document.createElement("strong");
      b.textContent = m[1];
      parent.append(b);
    } else if (m[2] !== undefined) {
      const c = document.createElement("code");
      c.textContent = m[2];
      parent.append(c);
    } else {
      const a = document.createElement("a");
      a.textContent = m[3];
      a.href = m[4];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.append(a);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

/** A <div> holding the Markdown `source`. */
export function renderMarkdown(source, className = "cm-gwlint-hover") {
  const root = document.createElement("div");
  root.className = className;
  let paragraph = null;
  let list = null;
  for (const line of source.split("\n")) {
    const item = /^(\s*)- (.*)$/.exec(line);
    if (line.trim() === "") {
      paragraph = null;
      list = null;
    } else if (line.trim() === "---") {
      paragraph = null;
      list = null;
      root.append(document.createElement("hr"));
    } else if (item) {
      paragraph = null;
      if (!list) {
        list = document.createElement("ul");
        root.append(list);
      }
      const li = document.createElement("li");
      if (item[1].length > 0) li.style.marginLeft = `${item[1].length / 2}em`;
      inline(li, item[2]);
      list.append(li);
    } else {
      list = null;
      if (!paragraph) {
        paragraph = document.createElement("p");
        root.append(paragraph);
      } else {
        paragraph.append(document.createElement("br"));
      }
      inline(paragraph, line);
    }
  }
  return root;
}
