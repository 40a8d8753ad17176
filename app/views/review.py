"""Review: claim the next case, look at blurred items, reveal small regions, decide.

Everything shown is a blurred derivative from the server; a reveal asks the server for one region
(in the widget's callback, so the run that follows already shows it), which the widget re-blurs
by itself. When a break is due the page shows the break screen instead of graphic work.
"""

import contextlib
import functools
import time

import streamlit as st

from app import review_ui as ui
from app.components import (
    RevealedPatch,
    RevealRequest,
    reveal_greyscale,
    reveal_labels,
    reveal_viewer,
)
from app.components.countdown import countdown
from app.components.hotkeys import hotkeys
from app.i18n import t
from app.runtime import current_actor, database, key_ring, media_store, published_roster, settings
from review.decisions import decide, escalate
from review.errors import BreakDue, ReviewError
from review.exposure_ledger import record_screen_time
from review.media.reveal import InvalidRevealRegion, RevealTooLarge
from review.queue import extend_lease, release
from review.taxonomy import Action, DecisionRejected
from review.viewing import ItemView
from review.workspace import (
    blur_settings,
    break_status,
    case_header,
    claim_with_roster,
    is_graphic_case,
    reveal_shown,
    senior_reviewers,
    set_blur_adjustment,
    shown_image,
)
from vigil.db import utcnow

CASE, LEASE, PATCHES, SHOWN = "review.case", "review.lease", "review.patches", "review.shown"
NON_GRAPHIC, BEAT, NOTICE = "review.non_graphic_ok", "review.beat", "review.notice"
FORM_CASE, REFUSAL, REVEAL_REFUSALS = "review.form_case", "review.refusal", "review.reveal_refusals"
MAX_SHARE, REBLUR_MS, HEARTBEAT_SECONDS, LEASE_PANEL_EVERY = 0.25, 4000, 15.0, 5.0
# The decision and escalation fields, blank. Set (not just forgotten) for each new case: the
# browser keeps a widget's last value under the same key, so a forgotten key came back with the
# previous case's decision already filled in, ready for "N" to submit it unread.
BLANK_FORM: dict[str, object] = {
    "review.category": None,
    "review.actions": [],
    "review.policy": None,
    "review.reason": "",
    "review.escalate_to": None,
    "review.escalate_reason": "",
}
CATEGORIES = (
    "deepfake_sexual",
    "ncii",
    "csam",
    "other_illegal",
    "not_violating",
    "needs_information",
)

actor = current_actor()
db = database()
state = st.session_state


def forget_case() -> None:
    for key in (CASE, LEASE, PATCHES, SHOWN, BEAT, FORM_CASE, REVEAL_REFUSALS):
        state.pop(key, None)


def take_next() -> None:
    """Claim the next case this reviewer may take (the queue enforces budget and roster)."""
    forget_case()
    claim = claim_with_roster(db, actor, published_roster(), zone_name=settings().timezone)
    if claim is None:
        state[NOTICE] = t("review.queue_empty")
        return
    state[CASE], state[LEASE], state[BEAT] = claim.case_id, claim.lease_expires_at, time.monotonic()


# Deciding and skipping run as callbacks, before the script: the run that follows already shows
# the next case, instead of drawing the decided case once more and then rerunning.
def submit_decision() -> None:
    """Decide the held case from the form and claim the next; a refusal stays on the form."""
    case_id = state.get(CASE)
    if case_id is None:
        take_next()
        return
    try:
        outcome = decide(
            db,
            actor,
            case_id,
            category=state.get("review.category") or "",
            actions=state.get("review.actions") or [],
            policy=state.get("review.policy") or "",
            reason=state.get("review.reason") or "",
        )
    except (ReviewError, DecisionRejected) as error:
        state[REFUSAL] = ui.error_text(error)
        return
    take_next()
    if NOTICE not in state:
        state[NOTICE] = t(
            "review.decided",
            case_id=case_id,
            state=t(f"review.state.{outcome.case_state.value}"),
        )


def skip_case() -> None:
    """Give the held case back to the queue and claim the next."""
    case_id = state.get(CASE)
    if case_id is not None:
        try:
            release(db, actor, case_id, reason="skip")
        except ReviewError as error:
            state[NOTICE] = ui.error_text(error)
    take_next()


def show_reveal(
    request: RevealRequest, *, case_id: int, item_id: int, widget: str, strength: float
) -> None:
    """Make the composite of the region just asked for, before the pictures run: that run shows it.

    Laid over the picture the page holds for the greyscale the widget is in now. The run that
    follows is the pictures' alone, which does not look for a due break; the service refuses a
    graphic reveal while one is due and says when this reveal made one due, and either way the
    whole page runs instead and shows the break screen.
    """
    if state.get(CASE) != case_id:  # decided or given back in the same interaction
        return
    greyscale = reveal_greyscale(widget, default=True)
    shown = state.get(SHOWN, {}).get((item_id, greyscale, strength))
    try:
        revealed = reveal_shown(
            db,
            actor,
            case_id,
            item_id,
            ui.region_of(request),
            greyscale=greyscale,
            strength=strength,
            shown=shown,
            store=media_store(),
            keyring=key_ring(),
        )
    except BreakDue:
        st.rerun(scope="app")  # the whole page runs and shows the break screen
    except (ReviewError, InvalidRevealRegion, RevealTooLarge) as error:
        state.setdefault(REVEAL_REFUSALS, {})[item_id] = ui.error_text(error)
        return
    if revealed.break_due:  # this reveal spent the budget: the break screen, not the patch
        st.rerun(scope="app")
    patch = RevealedPatch(image=revealed.image, region=request, share=request.share)
    state.setdefault(PATCHES, {})[item_id] = patch


def forget_patch(_seconds: float, *, item_id: int) -> None:
    """Drop the composite of a region the widget has blurred again."""
    state.get(PATCHES, {}).pop(item_id, None)


def fill_quick_decision(pressed: str) -> None:
    quick = ui.QUICK_DECISIONS[pressed]
    state["review.category"], state["review.actions"] = quick["category"], quick["actions"]
    state["review.policy"] = quick["policy"]
    state["review.reason"] = t(f"review.quick_reason.{quick['category']}")


def on_shortcut(pressed: str) -> None:
    if pressed == ui.SUBMIT_KEY:
        submit_decision()
    elif pressed == ui.SKIP_KEY and state.get(CASE) is not None:
        skip_case()
    elif pressed in ui.QUICK_DECISIONS and CASE in state and state.get(FORM_CASE) == state[CASE]:
        fill_quick_decision(pressed)  # (a case's form is blanked in its first run, not yet here)


now = utcnow()
found = break_status(db, actor, now=now)
ui.exposure_meter(found)
if not found.break_due:
    state.pop(NON_GRAPHIC, None)
elif not state.get(NON_GRAPHIC):
    case_id = state.get(CASE)
    if case_id is not None and is_graphic_case(db, actor, case_id):
        with contextlib.suppress(ReviewError):  # a lease already gone has nothing to give back
            release(db, actor, case_id, reason="break")
        forget_case()
    if state.get(CASE) is None:
        if ui.break_screen(found, now):
            state[NON_GRAPHIC] = True
            take_next()
            st.rerun()
        st.stop()

with st.sidebar.expander(t("review.blur.heading")):
    blur = blur_settings(db, actor)
    wanted = st.slider(t("review.blur.adjust"), -2.0, 2.0, blur.adjustment * 100, 0.5)
    if abs(wanted / 100 - blur.adjustment) > 1e-9:
        set_blur_adjustment(db, actor, wanted / 100)
        state.pop(SHOWN, None)
        st.rerun()

st.title(t("review.heading"))
# What comes and goes above the fragments sits in fixed containers: a fragment is known by its
# place on the page, and one that moved is not found again when its widgets ask for a rerun (the
# page's elements below it then shift and a stale copy of the decision form stays on screen).
with st.container():
    if NOTICE in state:
        st.info(state.pop(NOTICE))
hotkeys(
    [*ui.QUICK_DECISIONS, ui.SUBMIT_KEY, ui.SKIP_KEY], key="review.hotkeys", on_press=on_shortcut
)
case_id = state.get(CASE)
if case_id is None:
    st.caption(t("review.start_hint"))
    st.button(t("review.start"), type="primary", icon=":material/play_arrow:", on_click=take_next)
    st.stop()

try:
    header = case_header(db, actor, case_id, now=now)
except ReviewError as error:
    forget_case()
    state[NOTICE] = ui.error_text(error)
    st.rerun()

if state.get(FORM_CASE) != case_id:  # before the widgets: they show what is set here
    state.update(BLANK_FORM)
    state[FORM_CASE] = case_id


@st.fragment(run_every=LEASE_PANEL_EVERY)
def lease_panel(case_id: int) -> None:
    """The lease countdown with "extend", and the screen-time heartbeat for the exposure ledger.

    The browser keeps the countdown; this part runs a few times per heartbeat (and on "extend"),
    so screen time reaches the ledger at most a heartbeat and a few seconds late.
    """
    moment = utcnow()
    left, right = st.columns([3, 1])
    with left:
        seconds_left = (state[LEASE] - moment).total_seconds()
        countdown(t("review.lease_left"), seconds_left, key=f"review.lease-{case_id}")
    if right.button(t("review.extend"), icon=":material/more_time:"):
        try:
            state[LEASE] = extend_lease(db, actor, case_id)
        except ReviewError as error:
            st.error(ui.error_text(error))
    elapsed = time.monotonic() - state.get(BEAT, time.monotonic())
    if elapsed >= HEARTBEAT_SECONDS:
        state[BEAT] = time.monotonic()
        try:
            status = record_screen_time(db, actor, case_id, elapsed)
        except ReviewError:
            st.rerun(scope="app")  # the lease is gone: the page says so
        if status.break_due and not state.get(NON_GRAPHIC):
            st.rerun(scope="app")


@st.fragment
def pictures(case_id: int, items: list[ItemView], strength: float) -> None:
    """The case's pictures, each in a reveal widget. A fragment: a reveal, a re-blur or the
    greyscale toggle reruns only this part, not the header, the form and the sign-in around it."""
    patches = state.setdefault(PATCHES, {})
    shown_cache = state.setdefault(SHOWN, {})
    for item in items:
        widget = f"reveal-{case_id}-{item.id}"
        greyscale = reveal_greyscale(widget, default=True)
        cache_key = (item.id, greyscale, strength)
        if cache_key not in shown_cache:
            try:
                shown_cache[cache_key] = shown_image(
                    db,
                    actor,
                    case_id,
                    item.id,
                    greyscale=greyscale,
                    strength=strength,
                    store=media_store(),
                    keyring=key_ring(),
                )
            except ReviewError:
                st.rerun(scope="app")  # the lease is gone: the page says so
        if item.kind == "video":
            st.caption(t("review.video_storyboard"))
        reveal_viewer(
            shown_cache[cache_key],
            patches.get(item.id),
            key=widget,
            greyscale=greyscale,
            reblur_after_ms=REBLUR_MS,
            max_share=MAX_SHARE,
            labels=reveal_labels(MAX_SHARE),
            on_reblur=functools.partial(forget_patch, item_id=item.id),
            on_request=functools.partial(
                show_reveal, case_id=case_id, item_id=item.id, widget=widget, strength=strength
            ),
        )
        if item.id in state.get(REVEAL_REFUSALS, {}):
            st.error(state[REVEAL_REFUSALS].pop(item.id))
    if not items:
        st.info(t("review.no_media"))


with st.container():
    ui.case_header(header, now)
lease_panel(case_id)
with st.container():
    ui.second_review(header)
pictures(case_id, header.view.items, blur.strength_for(header.harm))

st.divider()
st.subheader(t("review.decide.heading"))
st.caption(t("review.decide.shortcuts"))
left, right = st.columns(2)
left.selectbox(
    t("review.decide.category"),
    CATEGORIES,
    format_func=lambda code: t(f"review.category.{code}"),
    index=None,
    key="review.category",
)
left.multiselect(
    t("review.decide.actions"),
    [action.value for action in Action],
    format_func=lambda code: t(f"review.action.{code}"),
    key="review.actions",
)
right.selectbox(t("review.decide.policy"), ui.POLICIES, index=None, key="review.policy")
right.text_area(t("review.decide.reason"), key="review.reason", height=80)

buttons = st.columns(3)
buttons[0].button(
    t("review.decide.submit"),
    type="primary",
    icon=":material/done_all:",
    width="stretch",
    on_click=submit_decision,
)
buttons[1].button(
    t("review.decide.skip"), icon=":material/skip_next:", width="stretch", on_click=skip_case
)
if REFUSAL in state:
    st.error(state.pop(REFUSAL))

with buttons[2].popover(t("review.escalate.open"), icon=":material/upgrade:", width="stretch"):
    seniors = dict(senior_reviewers(db, actor))
    target = st.selectbox(
        t("review.escalate.to"),
        [None, *seniors],
        format_func=lambda pid: t("review.escalate.pool") if pid is None else seniors[pid],
        key="review.escalate_to",
    )
    why = st.text_input(t("review.escalate.reason"), key="review.escalate_reason")
    if st.button(t("review.escalate.send"), key="review.escalate_send"):
        try:
            escalate(db, actor, case_id, reason=why, target_id=target)
        except ReviewError as error:
            st.error(ui.error_text(error))
        else:
            take_next()
            st.rerun()
