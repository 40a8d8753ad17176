"""Update messages to victims, in Korean and English, filled from their case's public status.

Vigil prepares the text; the operator sends it through the channel the victim chose. A message is
built only from the public status (reference, dates, platform names), so it can carry nothing the
status lookup would not show — in particular no contact details and nothing about the material.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from string import Template
from zoneinfo import ZoneInfo

from liaison.status import PublicStatus
from liaison.wording import describe_status, local_date


class MessageKind(StrEnum):
    """Which update the operator is sending."""

    RECEIVED = "received"
    STATUS_UPDATE = "status_update"


TEMPLATES: dict[MessageKind, dict[str, Template]] = {
    MessageKind.RECEIVED: {
        "ko": Template(
            "안녕하세요. 디지털 성범죄 피해 상담 창구입니다.\n"
            "$date 삭제 요청을 접수했습니다. 접수 번호는 $reference 입니다.\n"
            "진행 상황을 문의하실 때 이 번호를 알려 주세요. "
            "담당자가 확인하는 대로 다시 안내해 드리겠습니다.\n"
            "혼자 감당하지 않으셔도 됩니다. 도움이 필요하시면 언제든 연락해 주세요."
        ),
        "en": Template(
            "Hello, this is the digital sex crime victims' hotline.\n"
            "We received your removal request on $date. Your reference is $reference.\n"
            "Please quote this reference when you ask about progress. "
            "We will update you as soon as our staff have reviewed it.\n"
            "You do not have to face this alone. Contact us whenever you need help."
        ),
    },
    MessageKind.STATUS_UPDATE: {
        "ko": Template(
            "안녕하세요. 디지털 성범죄 피해 상담 창구입니다.\n"
            "접수 번호 $reference 의 진행 상황을 알려 드립니다.\n"
            "$steps\n"
            "궁금하신 점이 있으면 접수 번호와 함께 연락해 주세요."
        ),
        "en": Template(
            "Hello, this is the digital sex crime victims' hotline.\n"
            "Here is the progress of your request $reference:\n"
            "$steps\n"
            "If you have any questions, contact us with your reference."
        ),
    },
}


@dataclass(frozen=True)
class PreparedMessage:
    """A message ready for the operator to send."""

    kind: MessageKind
    language: str
    body: str


def prepare_message(
    status: PublicStatus, kind: MessageKind, language: str, zone: ZoneInfo
) -> PreparedMessage:
    """Fill the template for `kind` in `language` from the public status."""
    template = TEMPLATES[MessageKind(kind)].get(language, TEMPLATES[MessageKind(kind)]["en"])
    steps = "\n".join(f"- {line}" for line in describe_status(status, language, zone))
    body = template.substitute(
        reference=status.reference,
        date=local_date(status.steps[0].at, zone, language),
        steps=steps,
    )
    return PreparedMessage(MessageKind(kind), language, body)
