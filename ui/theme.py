"""How the shop looks: a Gradio theme on system fonts (nothing fetched from the network), CSS, page script."""

from __future__ import annotations

from typing import Any

SYSTEM_FONTS = [
    "ui-sans-serif",
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]

# Enter sends, Shift+Enter is a newline (Gradio's multi-line box does the reverse).
PAGE_JS = """
() => {
  const inBox = (e) => e.key === 'Enter' && !e.isComposing && e.target.tagName === 'TEXTAREA'
    && e.target.closest('#cr-input');
  document.addEventListener('keydown', (e) => {
    if (!inBox(e)) return;
    e.stopPropagation();
    if (e.shiftKey) return;
    e.preventDefault();
    const send = document.querySelector('#cr-send');
    if (send) (send.tagName === 'BUTTON' ? send : send.querySelector('button')).click();
  }, true);
  document.addEventListener('keypress', (e) => { if (inBox(e)) e.stopPropagation(); }, true);
}
"""

# The session id lives in the tab's sessionStorage: a reload resumes it, another tab starts its own.
READ_TAB_JS = """(sid, cat) => [sessionStorage.getItem('convrec-session') || '',
  sessionStorage.getItem('convrec-catalog') || cat]"""
SAVE_TAB_JS = """(sid, cat) => { sessionStorage.setItem('convrec-session', sid);
  sessionStorage.setItem('convrec-catalog', cat); return []; }"""

# Runs inside each gr.HTML panel: a press on a card or chip button becomes that component's click event.
PANEL_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action], button[data-remove]');
  if (!b || !element.contains(b)) return;
  e.preventDefault();
  trigger('click', {action: b.dataset.action || '', product: b.dataset.id || '', remove: b.dataset.remove || ''});
});
element.addEventListener('error', (e) => {
  const img = e.target;
  if (img && img.tagName === 'IMG') { img.parentElement.classList.remove('cr-has-img'); img.remove(); }
}, true);
"""

CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto !important; }
footer { display: none !important; }
.cr-header { display: flex; gap: 14px; align-items: center; padding: 6px 2px 2px; }
.cr-header h1 { font-size: 1.45rem; font-weight: 650; margin: 0; letter-spacing: -0.01em; }
.cr-logo { width: 40px; height: 40px; border-radius: 11px; display: grid; place-items: center; color: #fff;
  font-weight: 700; font-size: 1.3rem; background: linear-gradient(135deg, #4f46e5, #0ea5e9); flex: none; }
.cr-sub { margin: 2px 0 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
.cr-h { font-size: 1.02rem; font-weight: 650; margin: 0 0 10px; }
.cr-h3 { font-size: 0.9rem; font-weight: 600; margin: 12px 0 4px; }
.cr-muted { color: var(--body-text-color-subdued); font-size: 0.86rem; margin: 6px 0 0; }
.cr-status { font-size: 0.85rem; color: var(--body-text-color-subdued); min-height: 1.3em; padding: 0 4px; }
.cr-busy::before { content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 8px;
  border-radius: 50%; background: #4f46e5; animation: cr-pulse 1s ease-in-out infinite; }
@keyframes cr-pulse { 50% { opacity: 0.25; } }
#cr-tools button { min-width: 0; }
.cr-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(215px, 1fr)); gap: 14px; }
.cr-card { display: flex; flex-direction: column; border: 1px solid var(--border-color-primary);
  border-radius: 14px; overflow: hidden; background: var(--background-fill-primary);
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.06); }
.cr-media { position: relative; height: 92px; background: var(--background-fill-secondary); }
.cr-media.cr-has-img { height: auto; aspect-ratio: 4 / 3; }
.cr-media img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; background: #fff; }
.cr-ph { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 2px; color: hsl(var(--ph-hue) 45% 32%);
  background: linear-gradient(135deg, hsl(var(--ph-hue) 70% 94%), hsl(var(--ph-hue) 55% 84%)); }
.cr-ph-letter { font-size: 2.1rem; font-weight: 700; line-height: 1; opacity: 0.8; }
.cr-ph-label { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.06em; opacity: 0.85; }
.cr-rank { position: absolute; top: 8px; left: 8px; z-index: 1; background: rgba(15, 23, 42, 0.75); color: #fff;
  font-size: 0.75rem; font-weight: 600; border-radius: 999px; padding: 1px 8px; }
.cr-body { padding: 10px 12px 12px; display: flex; flex-direction: column; gap: 4px; flex: 1; }
.cr-brand { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em;
  color: var(--body-text-color-subdued); min-height: 1em; }
.cr-title { font-size: 0.95rem; font-weight: 600; line-height: 1.3; margin: 0; }
.cr-title a { color: inherit; text-decoration: none; }
.cr-title a:hover { text-decoration: underline; }
.cr-price { font-size: 1.15rem; font-weight: 700; color: #111827; }
.dark .cr-price { color: #f9fafb; }
.cr-note { font-size: 0.8rem; color: #b45309; }
.cr-facts { margin: 2px 0; display: grid; grid-template-columns: 1fr 1fr; gap: 2px 10px; font-size: 0.8rem; }
.cr-facts div { display: flex; flex-wrap: wrap; column-gap: 4px; min-width: 0; }
.cr-facts dt { color: var(--body-text-color-subdued); }
.cr-facts dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
.cr-why { font-size: 0.8rem; margin: 2px 0 4px; color: #047857; }
.cr-why span { font-weight: 600; }
.cr-actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: auto; padding-top: 8px; }
.cr-actions .cr-act { flex: 1 1 auto; }
.cr-act { border: 1px solid var(--border-color-primary); background: var(--background-fill-primary);
  color: var(--body-text-color); border-radius: 8px; padding: 5px 6px; font-size: 0.78rem; cursor: pointer;
  white-space: nowrap; }
.cr-act:hover { border-color: #6366f1; color: #4338ca; }
.cr-act-cart { flex-basis: 100% !important; background: #4f46e5; border-color: #4f46e5; color: #fff;
  font-weight: 600; font-size: 0.85rem; padding: 7px 6px; }
.cr-act-cart:hover { background: #4338ca; color: #fff; }
.cr-act-reject:hover { border-color: #dc2626; color: #b91c1c; }
.cr-done { background: #eef2ff; border-color: #a5b4fc; color: #3730a3; }
.cr-act-cart.cr-done { background: #e0e7ff; color: #3730a3; border-color: #a5b4fc; }
.cr-cards-empty p { color: var(--body-text-color-subdued); font-size: 0.9rem; margin: 4px 2px; }
.cr-panel { border: 1px solid var(--border-color-primary); border-radius: 14px; padding: 14px 16px;
  background: var(--background-fill-primary); }
.cr-need { margin: 0 0 8px; }
.cr-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.cr-chip { display: inline-flex; align-items: center; gap: 4px; background: #eef2ff; color: #3730a3;
  border-radius: 999px; padding: 3px 4px 3px 11px; font-size: 0.84rem; }
.cr-x { border: 0; background: transparent; color: inherit; cursor: pointer; font-size: 1rem; line-height: 1;
  width: 22px; height: 22px; border-radius: 50%; }
.cr-x:hover { background: #c7d2fe; }
.cr-list { margin: 0; padding-left: 18px; font-size: 0.88rem; }
.cr-cart-lines { list-style: none; margin: 0; padding: 0; font-size: 0.88rem; }
.cr-cart-lines li { display: flex; justify-content: space-between; gap: 10px; padding: 5px 0;
  border-bottom: 1px solid var(--border-color-primary); }
.cr-cart-price { white-space: nowrap; font-variant-numeric: tabular-nums; }
.cr-total { display: flex; justify-content: space-between; padding-top: 8px; font-size: 0.95rem; }
.cr-empty { max-width: 640px; margin: 60px auto; }
.cr-empty pre { background: var(--background-fill-secondary); padding: 12px 14px; border-radius: 10px; }
@media (max-width: 640px) {
  #cr-chat { height: 62vh !important; }
  .cr-header h1 { font-size: 1.2rem; }
  .cr-cards { grid-template-columns: 1fr; }
}
"""


def theme() -> Any:
    import gradio as gr

    return gr.themes.Default(
        primary_hue="indigo", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=MONO_FONTS
    )


def launch_options() -> dict[str, Any]:
    """Arguments for `Blocks.launch` (Gradio 6 takes the look there, not in `Blocks`)."""
    return {"theme": theme(), "css": CSS, "js": PAGE_JS, "ssr_mode": False, "footer_links": []}
