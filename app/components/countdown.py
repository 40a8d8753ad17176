"""A countdown the browser keeps: the lease's time left, ticking without a page run per second.

The page used to rerun a fragment every second only to redraw h:mm:ss; each of those runs went
over the websocket and through the browser's renderer, and a reveal or a "Submit & Next" that
came at the same moment waited behind it. This widget gets the seconds left once per run and
counts down on the browser's monotonic clock (so a wrong clock on the reviewer's computer does
not matter).
"""

from __future__ import annotations

import streamlit as st

_HTML = """
<div class="vigil-countdown" role="timer">
  <div class="label"></div>
  <div class="value"></div>
</div>
"""
_CSS = """
.vigil-countdown { font-family: var(--st-font, sans-serif); color: var(--st-text-color, inherit); }
.vigil-countdown .label { font-size: 0.875rem; opacity: 0.75; }
.vigil-countdown .value {
  font-size: 2.25rem;
  line-height: 1.2;
  font-variant-numeric: tabular-nums;
}
"""
_JS = """
const timers = new WeakMap()

function clock(seconds) {
  const left = Math.max(0, Math.floor(seconds))
  const hours = Math.floor(left / 3600)
  const minutes = String(Math.floor((left % 3600) / 60)).padStart(2, "0")
  return `${hours}:${minutes}:${String(left % 60).padStart(2, "0")}`
}

export default function (component) {
  const { data, parentElement } = component
  const root = parentElement.querySelector(".vigil-countdown")
  if (!root || !data) return
  root.querySelector(".label").textContent = data.label
  const value = root.querySelector(".value")
  const started = performance.now()
  const tick = () => {
    value.textContent = clock(data.seconds_left - (performance.now() - started) / 1000)
  }
  clearInterval(timers.get(parentElement))
  tick()
  timers.set(parentElement, setInterval(tick, 250))
  return () => clearInterval(timers.get(parentElement))
}
"""

_COMPONENT = st.components.v2.component("vigil.countdown", html=_HTML, css=_CSS, js=_JS)


def countdown(label: str, seconds_left: float, *, key: str) -> None:
    """Show `label` over h:mm:ss counting down from `seconds_left` (never below 0:00:00)."""
    _COMPONENT(key=key, data={"label": label, "seconds_left": max(0.0, seconds_left)})
