// Vigil reveal widget (Streamlit components v2, no build step).
// The browser holds the blurred derivative; the server's composite of one region (its bounding
// box, sharp inside the region) is laid over it only for `reblur_after_ms`, then dropped from
// the DOM. Regions go back in derivative pixels.

const instances = new WeakMap()

function instanceFor(parentElement) {
  let inst = instances.get(parentElement)
  if (!inst) {
    inst = {
      shownId: null,
      done: new Set(),
      timer: null,
      startedAt: 0,
      drag: null,
      cursor: null,
      onDocumentKey: null,
    }
    instances.set(parentElement, inst)
  }
  return inst
}

function percent(share) {
  return `${(share * 100).toFixed(1)}%`
}

function clampRect(x0, y0, x1, y1, width, height) {
  const left = Math.max(0, Math.floor(Math.min(x0, x1)))
  const top = Math.max(0, Math.floor(Math.min(y0, y1)))
  const right = Math.min(width, Math.ceil(Math.max(x0, x1)))
  const bottom = Math.min(height, Math.ceil(Math.max(y0, y1)))
  return { shape: "rect", x: left, y: top, w: right - left, h: bottom - top }
}

// Same rule as Python's clamp_circle: move inward at an edge, shrink only if it cannot fit.
function clampCircle(cx, cy, r, width, height) {
  const radius = Math.min(Math.round(r), Math.floor(Math.min(width, height) / 2))
  const x = Math.min(Math.max(Math.round(cx), radius), width - radius)
  const y = Math.min(Math.max(Math.round(cy), radius), height - radius)
  return { shape: "circle", cx: x, cy: y, r: radius }
}

function regionBox(region) {
  return region.shape === "circle"
    ? [region.cx - region.r, region.cy - region.r, 2 * region.r, 2 * region.r]
    : [region.x, region.y, region.w, region.h]
}

function regionShare(region, width, height) {
  const area =
    region.shape === "circle" ? Math.PI * region.r * region.r : region.w * region.h
  return area / (width * height)
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component
  const root = parentElement.querySelector(".vigil-reveal")
  if (!root || !data) return
  const inst = instanceFor(parentElement)
  const labels = data.labels || {}
  const stage = root.querySelector(".stage")
  const blurred = root.querySelector("img.blurred")
  const selection = root.querySelector(".selection")
  const cursor = root.querySelector(".cursor")
  const message = root.querySelector(".message")
  const shareText = root.querySelector(".share")
  const reblurButton = root.querySelector(".reblur")
  const greyscale = root.querySelector("input.greyscale")

  root.querySelector(".greyscale-label").textContent = labels.greyscale || ""
  root.querySelector(".hint").textContent = labels.hint || ""
  reblurButton.textContent = labels.reblur || ""
  stage.setAttribute("aria-label", labels.image || "")
  blurred.alt = labels.image || ""
  if (blurred.getAttribute("src") !== data.blurred) blurred.setAttribute("src", data.blurred)
  if (greyscale.checked !== Boolean(data.greyscale)) greyscale.checked = Boolean(data.greyscale)

  // Display pixels -> derivative pixels, from the size the image is shown at right now.
  const scale = () => {
    const box = stage.getBoundingClientRect()
    return { box, sx: data.width / box.width, sy: data.height / box.height }
  }
  const toImage = (event) => {
    const { box, sx, sy } = scale()
    return { x: (event.clientX - box.left) * sx, y: (event.clientY - box.top) * sy }
  }
  const drawBox = (el, region) => {
    const { sx, sy } = scale()
    const [x, y, w, h] = regionBox(region)
    el.style.left = `${x / sx}px`
    el.style.top = `${y / sy}px`
    el.style.width = `${w / sx}px`
    el.style.height = `${h / sy}px`
    el.style.borderRadius = region.shape === "circle" ? "50%" : "0"
  }
  const showShare = (share) => {
    shareText.textContent = `${labels.share || ""}: ${percent(share)}`
  }

  const reblur = (reason) => {
    if (inst.shownId === null) return
    const id = inst.shownId
    const seconds = (performance.now() - inst.startedAt) / 1000
    clearTimeout(inst.timer)
    inst.timer = null
    inst.done.add(id)
    inst.shownId = null
    stage.querySelectorAll("img.revealed").forEach((img) => {
      img.removeAttribute("src")
      img.remove()
    })
    reblurButton.hidden = true
    message.textContent = ""
    showShare(0)
    if (inst.onDocumentKey) {
      document.removeEventListener("keydown", inst.onDocumentKey, true)
      inst.onDocumentKey = null
    }
    setTriggerValue("reblurred", { id, seconds, reason })
  }

  const show = (patch) => {
    reblur("replaced")
    const img = document.createElement("img")
    img.className = "revealed"
    img.alt = labels.revealed || ""
    img.draggable = false
    // In percent of the image, so it stays in place when the page is resized.
    const [x, y, w, h] = regionBox(patch.region)
    img.style.left = `${(100 * x) / data.width}%`
    img.style.top = `${(100 * y) / data.height}%`
    img.style.width = `${(100 * w) / data.width}%`
    img.style.height = `${(100 * h) / data.height}%`
    img.src = patch.src
    stage.appendChild(img)
    inst.shownId = patch.id
    inst.startedAt = performance.now()
    inst.timer = setTimeout(() => reblur("timer"), data.reblur_after_ms)
    selection.hidden = true
    reblurButton.hidden = false
    message.classList.remove("refused")
    message.textContent = labels.revealed || ""
    showShare(patch.share)
    // Escape re-blurs from anywhere on the page while something is sharp.
    inst.onDocumentKey = (event) => {
      if (event.key === "Escape") reblur("escape")
    }
    document.addEventListener("keydown", inst.onDocumentKey, true)
  }

  const request = (region) => {
    const share = regionShare(region, data.width, data.height)
    if (region.shape === "rect" && (region.w <= 0 || region.h <= 0)) return
    drawBox(selection, region)
    selection.hidden = false
    if (share > data.max_share) {
      selection.classList.add("refused")
      message.classList.add("refused")
      message.textContent = labels.too_large || ""
      showShare(share)
      return
    }
    selection.classList.remove("refused")
    message.classList.remove("refused")
    message.textContent = ""
    showShare(share)
    setTriggerValue("region", region)
  }

  // Python decides what may be on screen; a composite it no longer sends is taken down.
  const patch = data.revealed
  if (patch && !inst.done.has(patch.id) && inst.shownId !== patch.id) show(patch)
  else if (!patch && inst.shownId !== null) reblur("withdrawn")
  else if (inst.shownId === null && !inst.drag) showShare(0)

  stage.onpointerdown = (event) => {
    if (event.button !== 0) return
    event.preventDefault()
    stage.focus({ preventScroll: true })
    reblur("gesture")
    stage.setPointerCapture(event.pointerId)
    const at = toImage(event)
    inst.drag = { x0: at.x, y0: at.y, clientX: event.clientX, clientY: event.clientY }
  }
  stage.onpointermove = (event) => {
    if (!inst.drag) return
    const at = toImage(event)
    const region = clampRect(inst.drag.x0, inst.drag.y0, at.x, at.y, data.width, data.height)
    const share = regionShare(region, data.width, data.height)
    drawBox(selection, region)
    selection.hidden = false
    selection.classList.toggle("refused", share > data.max_share)
    showShare(share)
  }
  stage.onpointerup = (event) => {
    if (!inst.drag) return
    const drag = inst.drag
    inst.drag = null
    const moved = Math.hypot(event.clientX - drag.clientX, event.clientY - drag.clientY)
    const at = toImage(event)
    if (moved < 5) {
      request(clampCircle(drag.x0, drag.y0, data.circle_radius, data.width, data.height))
    } else {
      request(clampRect(drag.x0, drag.y0, at.x, at.y, data.width, data.height))
    }
  }
  stage.onpointercancel = () => {
    inst.drag = null
    selection.hidden = true
  }

  // Keyboard: arrows move a circle-shaped cursor, Enter reveals under it, Escape re-blurs.
  const moveCursor = () => {
    if (!inst.cursor) inst.cursor = { x: data.width / 2, y: data.height / 2 }
    const region = clampCircle(
      inst.cursor.x, inst.cursor.y, data.circle_radius, data.width, data.height
    )
    inst.cursor = { x: region.cx, y: region.cy }
    drawBox(cursor, region)
    cursor.hidden = false
    return region
  }
  stage.onfocus = () => {
    if (stage.matches(":focus-visible")) moveCursor()
  }
  stage.onblur = () => {
    cursor.hidden = true
  }
  stage.onkeydown = (event) => {
    const step = Math.max(1, Math.round(Math.min(data.width, data.height) / 20))
    const moves = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    }
    if (event.key in moves) {
      event.preventDefault()
      moveCursor()
      inst.cursor.x += moves[event.key][0]
      inst.cursor.y += moves[event.key][1]
      moveCursor()
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault()
      reblur("gesture")
      request(moveCursor())
    } else if (event.key === "Escape") {
      event.preventDefault()
      reblur("escape")
    }
  }
  reblurButton.onclick = () => reblur("button")
  greyscale.onchange = () => {
    reblur("greyscale")
    setStateValue("greyscale", greyscale.checked)
  }

  return () => {
    clearTimeout(inst.timer)
    if (inst.onDocumentKey) document.removeEventListener("keydown", inst.onDocumentKey, true)
  }
}
