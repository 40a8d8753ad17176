"""Why a file was refused at intake: one machine-readable code per reason, in English and Korean.

A rejection is a normal outcome, not a crash: the report that carried the file goes on with its
other files, and the reviewer (or the hotline caller) is told plainly what was wrong.
"""

from __future__ import annotations

from enum import StrEnum


class RejectionReason(StrEnum):
    """Machine-readable reason codes, stored with the rejected file's record."""

    EMPTY = "empty"
    TOO_MANY_BYTES = "too_many_bytes"
    UNSUPPORTED_TYPE = "unsupported_type"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    POLYGLOT = "polyglot"
    TOO_MANY_PIXELS = "too_many_pixels"
    VIDEO_TOO_LONG = "video_too_long"
    VIDEO_WITHOUT_FRAMES = "video_without_frames"
    UNREADABLE_SOURCE = "unreadable_source"


REJECTION_MESSAGES: dict[RejectionReason, dict[str, str]] = {
    RejectionReason.EMPTY: {
        "en": "The file is empty (0 bytes).",
        "ko": "파일이 비어 있습니다(0바이트).",
    },
    RejectionReason.TOO_MANY_BYTES: {
        "en": "The file is larger than the size limit for intake.",
        "ko": "파일 크기가 접수 허용 한도를 초과합니다.",
    },
    RejectionReason.UNSUPPORTED_TYPE: {
        "en": "The content is not a supported format (JPEG, PNG, WebP, GIF, MP4 or WebM); "
        "the file name is not taken into account.",
        "ko": "지원하지 않는 형식입니다(JPEG, PNG, WebP, GIF, MP4, WebM만 가능). "
        "형식은 파일 이름이 아니라 실제 내용으로 판별합니다.",
    },
    RejectionReason.TRUNCATED: {
        "en": "The file is incomplete: it ends before the image or video data does.",
        "ko": "파일이 불완전합니다. 이미지 또는 영상 데이터가 끝나기 전에 파일이 잘려 있습니다.",
    },
    RejectionReason.CORRUPT: {
        "en": "The file is damaged and cannot be decoded.",
        "ko": "파일이 손상되어 디코딩할 수 없습니다.",
    },
    RejectionReason.POLYGLOT: {
        "en": "The file carries hidden extra content (data after the end of the image, or "
        "a second file format inside it).",
        "ko": "파일에 숨겨진 추가 내용이 있습니다(이미지 끝 뒤에 붙은 데이터 또는 "
        "내부에 포함된 다른 파일 형식).",
    },
    RejectionReason.TOO_MANY_PIXELS: {
        "en": "The image or video frame has more pixels than allowed; it may be a "
        "decompression bomb.",
        "ko": "이미지 또는 영상 프레임의 픽셀 수가 허용 한도를 초과합니다. "
        "압축 폭탄 파일일 수 있습니다.",
    },
    RejectionReason.VIDEO_TOO_LONG: {
        "en": "The video is longer than the limit for intake.",
        "ko": "영상 길이가 접수 허용 한도를 초과합니다.",
    },
    RejectionReason.VIDEO_WITHOUT_FRAMES: {
        "en": "The video contains no picture that can be decoded.",
        "ko": "영상에 디코딩할 수 있는 화면이 없습니다.",
    },
    RejectionReason.UNREADABLE_SOURCE: {
        "en": "The file could not be read from where it was given.",
        "ko": "지정된 위치에서 파일을 읽을 수 없습니다.",
    },
}


class MediaRejected(Exception):
    """A file refused at intake, with a reason code and a human message (English in `str`).

    `detail` carries technical context for the log (never shown to a victim).
    """

    def __init__(self, reason: RejectionReason, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(
            f"{reason.value}: {self.message('en')}" + (f" ({detail})" if detail else "")
        )

    def message(self, language: str = "en") -> str:
        """The reason in the reviewer's language ("en" or "ko"); English for anything else."""
        messages = REJECTION_MESSAGES[self.reason]
        return messages.get(language, messages["en"])
