// Vigil break activity: a calm falling-blocks game (Streamlit components v2, no build step).
// Visuospatial play after distressing material: slow pieces, soft colours, no sound, no score
// pressure. A full board simply starts fresh. Only "done" goes back to Python.

const COLUMNS = 10
const ROWS = 18
const CELL = 20
const GRAVITY_MS = 900
// Soft, low-saturation colours that read on light and dark themes alike.
const COLOURS = ["#7fa7c9", "#8fbfa8", "#b3a6d4", "#c9b48f", "#8fb8c9", "#a9c98f", "#c9a3a3"]
const SHAPES = [
  [[1, 1, 1, 1]],
  [[1, 1], [1, 1]],
  [[0, 1, 0], [1, 1, 1]],
  [[0, 1, 1], [1, 1, 0]],
  [[1, 1, 0], [0, 1, 1]],
  [[1, 0, 0], [1, 1, 1]],
  [[0, 0, 1], [1, 1, 1]],
]

const games = new WeakMap()

function emptyBoard() {
  return Array.from({ length: ROWS }, () => Array(COLUMNS).fill(null))
}

function rotate(cells) {
  return cells[0].map((_, col) => cells.map((row) => row[col]).reverse())
}

function newGame() {
  return { board: emptyBoard(), piece: null, bag: [], lines: 0, paused: false, timer: null }
}

function nextPiece(game) {
  // A shuffled bag of all seven shapes: no long droughts, nothing to get frustrated about.
  if (game.bag.length === 0) {
    game.bag = SHAPES.map((_, index) => index)
    for (let i = game.bag.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      ;[game.bag[i], game.bag[j]] = [game.bag[j], game.bag[i]]
    }
  }
  const kind = game.bag.pop()
  const cells = SHAPES[kind]
  return { cells, colour: COLOURS[kind], row: 0, col: Math.floor((COLUMNS - cells[0].length) / 2) }
}

function fits(board, cells, row, col) {
  return cells.every((line, r) =>
    line.every((filled, c) => {
      if (!filled) return true
      const y = row + r
      const x = col + c
      return x >= 0 && x < COLUMNS && y < ROWS && (y < 0 || board[y][x] === null)
    })
  )
}

function settle(game) {
  const { piece, board } = game
  piece.cells.forEach((line, r) =>
    line.forEach((filled, c) => {
      if (filled && piece.row + r >= 0) board[piece.row + r][piece.col + c] = piece.colour
    })
  )
  const kept = board.filter((line) => line.some((cell) => cell === null))
  const cleared = ROWS - kept.length
  game.lines += cleared
  game.board = [...Array.from({ length: cleared }, () => Array(COLUMNS).fill(null)), ...kept]
  game.piece = nextPiece(game)
  game.freshStart = false
  if (!fits(game.board, game.piece.cells, game.piece.row, game.piece.col)) {
    game.board = emptyBoard()
    game.freshStart = true
  }
}

function act(game, move) {
  if (game.paused || !game.piece) return
  const p = game.piece
  if (move === "left" && fits(game.board, p.cells, p.row, p.col - 1)) p.col -= 1
  else if (move === "right" && fits(game.board, p.cells, p.row, p.col + 1)) p.col += 1
  else if (move === "rotate") {
    const turned = rotate(p.cells)
    // Nudge away from a wall rather than refusing the turn.
    for (const shift of [0, -1, 1, -2, 2]) {
      if (fits(game.board, turned, p.row, p.col + shift)) {
        p.cells = turned
        p.col += shift
        break
      }
    }
  } else if (move === "down") {
    if (fits(game.board, p.cells, p.row + 1, p.col)) p.row += 1
    else settle(game)
  }
}

function draw(game, canvas, root, labels) {
  const ctx = canvas.getContext("2d")
  ctx.clearRect(0, 0, canvas.width, canvas.height)
  const cell = (x, y, colour) => {
    ctx.fillStyle = colour
    ctx.beginPath()
    ctx.roundRect(x * CELL + 1, y * CELL + 1, CELL - 2, CELL - 2, 4)
    ctx.fill()
  }
  game.board.forEach((line, y) => line.forEach((colour, x) => colour && cell(x, y, colour)))
  const p = game.piece
  if (p) {
    p.cells.forEach((line, r) =>
      line.forEach((filled, c) => filled && cell(p.col + c, p.row + r, p.colour))
    )
    root.dataset.pieceRow = String(p.row)
    root.dataset.pieceCol = String(p.col)
  }
  root.dataset.lines = String(game.lines)
  root.querySelector(".lines").textContent = `${labels.lines || ""}: ${game.lines}`
  root.querySelector(".fresh-start").textContent = game.freshStart ? labels.fresh_start || "" : ""
  root.querySelector(".pause").textContent = game.paused ? labels.resume || "" : labels.pause || ""
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component
  const root = parentElement.querySelector(".vigil-break-game")
  const canvas = parentElement.querySelector("canvas.board")
  if (!root || !canvas) return
  const labels = (data && data.labels) || {}
  let game = games.get(parentElement)
  if (!game) {
    game = newGame()
    game.piece = nextPiece(game)
    games.set(parentElement, game)
  }
  canvas.width = COLUMNS * CELL
  canvas.height = ROWS * CELL
  canvas.setAttribute("aria-label", labels.board || "")
  root.setAttribute("aria-label", labels.board || "")
  root.querySelector(".intro").textContent = labels.intro || ""
  const names = { left: labels.left, right: labels.right, down: labels.down, rotate: labels.rotate }
  const symbols = { left: "←", right: "→", down: "↓", rotate: "⟳" }
  game.labels = labels // the gravity timer draws with whatever labels the page sent last
  const render = () => draw(game, canvas, root, game.labels)

  root.querySelectorAll("button.control").forEach((button) => {
    const move = button.dataset.move
    button.textContent = symbols[move]
    button.setAttribute("aria-label", names[move] || move)
    button.title = names[move] || move
    button.onclick = () => {
      act(game, move)
      render()
    }
  })
  const keys = { ArrowLeft: "left", ArrowRight: "right", ArrowDown: "down", ArrowUp: "rotate" }
  root.onkeydown = (event) => {
    const move = keys[event.key]
    if (!move) return
    event.preventDefault()
    act(game, move)
    render()
  }
  const pause = root.querySelector(".pause")
  pause.onclick = () => {
    game.paused = !game.paused
    render()
  }
  const done = root.querySelector(".done")
  done.textContent = labels.done || ""
  done.onclick = () => {
    game.paused = true
    render()
    setTriggerValue("done", { lines: game.lines })
  }

  if (game.timer === null) {
    game.timer = setInterval(() => {
      act(game, "down")
      draw(game, canvas, root, game.labels)
    }, GRAVITY_MS)
  }
  render()

  return () => {
    clearInterval(game.timer)
    game.timer = null
  }
}
