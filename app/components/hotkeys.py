"""Keyboard shortcuts for the review page: a tiny components v2 listener, no build step.

Streamlit 1.67 has no shortcuts for buttons. This widget listens on the document and sends back
the key that was pressed, once per press; the page decides what each key does. Keys typed into a
text field are ignored, so writing a reason never fires a decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

_HTML = '<span class="vigil-hotkeys" aria-hidden="true"></span>'
_JS = """
const listeners = new WeakMap()

export default function (component) {
  const { data, parentElement, setTriggerValue } = component
  const keys = new Set((data && data.keys) || [])
  const previous = listeners.get(parentElement)
  if (previous) document.removeEventListener("keydown", previous, true)
  const onKey = (event) => {
    const target = event.target
    const fields = ["INPUT", "TEXTAREA", "SELECT"]
    const typing = target && (target.isContentEditable || fields.includes(target.tagName))
    if (typing || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key
    if (!keys.has(key)) return
    event.preventDefault()
    event.stopPropagation()
    setTriggerValue("pressed", key)
  }
  listeners.set(parentElement, onKey)
  document.addEventListener("keydown", onKey, true)
  return () => {
    document.removeEventListener("keydown", onKey, true)
    listeners.delete(parentElement)
  }
}
"""

_COMPONENT = st.components.v2.component("vigil.hotkeys", html=_HTML, js=_JS)


def hotkeys(
    keys: Iterable[str], *, key: str, on_press: Callable[[str], None] | None = None
) -> str | None:
    """The shortcut pressed since the last run (one of `keys`, lower case), or None.

    `on_press(pressed)` runs before the page's script, like a button's `on_click`: what it does
    (say, submit and claim the next case) is already on screen in that same run.
    """
    wanted = sorted({k if len(k) > 1 else k.lower() for k in keys})

    def on_change() -> None:
        state = st.session_state.get(key)
        pressed = state.get("pressed") if state is not None else None
        if on_press is not None and isinstance(pressed, str) and pressed in wanted:
            on_press(pressed)

    result = _COMPONENT(key=key, data={"keys": wanted}, on_pressed_change=on_change)
    pressed = result.pressed
    return pressed if isinstance(pressed, str) and pressed in wanted else None
