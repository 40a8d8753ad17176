"""The instance as a few staff see it while everybody else's rows stay as they are.

Every hard rule binds one person; only cover ties people together, and its price is piecewise
linear in the number on duty. With ``o`` others on a shift that asks for ``req``, each of the chosen
staff placed there pays −under weight while the shift is short and +over weight once it is full —
exactly what a requirement of ``max(0, req − o)`` charges them. So the chosen staff's rows can be
solved in a model of their own, a fraction of the size of the whole roster's.

For one person alone that price is linear: working a (day, shift) changes the cover cost by
``price_of_working`` whatever else the row holds, so one row needs no cover constraints at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.roster import Assignment, Roster


def on_duty_besides(roster: Roster, staff_ids: Collection[str]) -> Counter[tuple[int, str]]:
    """How many people outside ``staff_ids`` work each (day, shift) of the roster."""
    return Counter((a.day, a.shift_id) for a in roster.assignments if a.staff_id not in staff_ids)


def staff_instance(
    instance: Instance, staff_ids: Collection[str], others_on_duty: Counter[tuple[int, str]]
) -> Instance:
    """Only these staff, their requests, and the cover the others leave open (see above).

    Cover of shift types none of them may work is left out: they cannot change its price.
    """
    members = tuple(member for member in instance.staff if member.id in staff_ids)
    cover = tuple(
        replace(c, requirement=max(0, c.requirement - others_on_duty[c.day, c.shift_id]))
        for c in instance.cover
        if any(member.may_work(c.shift_id) for member in members)
    )
    return replace(_without_cover(instance, members), cover=cover)


def contract_instance(instance: Instance, member: StaffMember) -> Instance:
    """One person's contract and requests, without cover (see `price_of_working`)."""
    return _without_cover(instance, (member,))


def _without_cover(instance: Instance, members: tuple[StaffMember, ...]) -> Instance:
    """These staff, their requests and the shift types, with no cover at all."""
    ids = {member.id for member in members}
    return replace(
        instance,
        name=f"{instance.name} staff {','.join(sorted(ids))}",
        staff=members,
        on_requests=tuple(r for r in instance.on_requests if r.staff_id in ids),
        off_requests=tuple(r for r in instance.off_requests if r.staff_id in ids),
        cover=(),
    )


def price_of_working(
    instance: Instance, others_on_duty: Counter[tuple[int, str]]
) -> dict[tuple[int, str], int]:
    """What one more person on each covered (day, shift) adds to the cover cost: −under weight
    while the others leave it short, +over weight once they fill it."""
    return {
        (c.day, c.shift_id): (
            -c.under_weight if others_on_duty[c.day, c.shift_id] < c.requirement else c.over_weight
        )
        for c in instance.cover
    }


def rows_of(roster: Roster, instance: Instance) -> dict[str, Roster]:
    """Each person's row of the roster as a roster of its own."""
    by_staff: dict[str, list[Assignment]] = {member.id: [] for member in instance.staff}
    for assignment in roster.assignments:
        by_staff[assignment.staff_id].append(assignment)
    return {staff_id: Roster(row) for staff_id, row in by_staff.items()}
