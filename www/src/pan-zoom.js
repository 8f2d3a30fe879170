// Pan and zoom for the topology picture: a viewport (overflow hidden, focusable) around a stage that is
// moved with a CSS transform. Wheel zooms around the pointer, dragging moves, and the keyboard does both
// (arrow keys move, + and - zoom, 0 shows 100%, F fits the picture to the panel).

const MIN_SCALE = 0.1;
const MAX_SCALE = 4;
const STEP = 1.25;
/** Pixels of picture that always stay in view, so it cannot be moved out of sight. */
const KEEP_VISIBLE = 48;

export class PanZoom {
  /** `onChange({x, y, scale})` runs after every move. */
  constructor(viewport, stage, { onChange = () => {} } = {}) {
    this.viewport = viewport;
    this.stage = stage;
    this.onChange = onChange;
    this.x = 0;
    this.y = 0;
    this.scale = 1;
    this.width = 0;
    this.height = 0;
    this.drag = null;
    viewport.addEventListener("wheel", (e) => this.wheel(e), { passive: false });
    viewport.addEventListener("pointerdown", (e) => this.pointerDown(e));
    viewport.addEventListener("pointermove", (e) => this.pointerMove(e));
    viewport.addEventListener("pointerup", (e) => this.pointerUp(e));
    viewport.addEventListener("pointercancel", (e) => this.pointerUp(e));
    viewport.addEventListener("keydown", (e) => this.key(e));
  }

  /** A new picture of `width` x `height` CSS pixels, shown at 100% from its top-left corner. */
  setContent(width, height) {
    this.width = width;
    this.height = height;
    this.set(0, 0, 1);
  }

  state() {
    return { x: this.x, y: this.y, scale: this.scale };
  }

  set(x, y, scale) {
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    const w = this.width * this.scale;
    const h = this.height * this.scale;
    // Keep part of the picture in view whatever the move.
    this.x = clamp(x, Math.min(0, KEEP_VISIBLE - w), Math.max(0, vw - KEEP_VISIBLE));
    this.y = clamp(y, Math.min(0, KEEP_VISIBLE - h), Math.max(0, vh - KEEP_VISIBLE));
    this.stage.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.onChange(this.state());
  }

  /** Zooms by `factor` keeping the point (px, py) of the viewport where it is (default: its centre). */
  zoom(factor, px = this.viewport.clientWidth / 2, py = this.viewport.clientHeight / 2) {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    const k = next / this.scale;
    this.set(px - (px - this.x) * k, py - (py - this.y) * k, next);
  }

  pan(dx, dy) {
    this.set(this.x + dx, this.y + dy, this.scale);
  }

  /** The whole picture in the viewport, centred, never enlarged past 100%. */
  fit() {
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    if (!this.width || !this.height || !vw || !vh) return;
    const scale = Math.min(1, vw / this.width, vh / this.height);
    this.set((vw - this.width * scale) / 2, (vh - this.height * scale) / 2, scale);
  }

  reset() {
    this.set(0, 0, 1);
  }

  wheel(e) {
    e.preventDefault();
    const box = this.viewport.getBoundingClientRect();
    // deltaMode 1 is lines (Firefox): about 16px each.
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.zoom(Math.exp(-delta * 0.0015), e.clientX - box.left, e.clientY - box.top);
  }

  pointerDown(e) {
    if (e.button !== 0) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    this.viewport.setPointerCapture(e.pointerId);
    this.viewport.classList.add("dragging");
  }

  pointerMove(e) {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    this.pan(e.clientX - this.drag.x, e.clientY - this.drag.y);
    this.drag.x = e.clientX;
    this.drag.y = e.clientY;
  }

  pointerUp(e) {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    this.drag = null;
    this.viewport.classList.remove("dragging");
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step = e.shiftKey ? 160 : 40;
    const actions = {
      ArrowLeft: () => this.pan(step, 0),
      ArrowRight: () => this.pan(-step, 0),
      ArrowUp: () => this.pan(0, step),
      ArrowDown: () => this.pan(0, -step),
      "+": () => this.zoom(STEP),
      "=": () => this.zoom(STEP),
      "-": () => this.zoom(1 / STEP),
      _: () => this.zoom(1 / STEP),
      0: () => this.reset(),
      f: () => this.fit(),
      F: () => this.fit(),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
