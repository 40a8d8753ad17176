"""Which platform a URL belongs to, from its host, and whether it is a domestic service.

Access blocks are the remedy for overseas sites (the agency cannot order them to delete); domestic
services get deletion requests. Unknown hosts are treated as overseas sites named by their domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


class InvalidUrl(ValueError):
    """The text is not an http(s) URL with a host."""


@dataclass(frozen=True)
class Platform:
    """A platform takedown requests are addressed to."""

    code: str
    name: str
    domestic: bool
    has_hotline: bool


KNOWN_PLATFORMS: dict[str, Platform] = {
    platform.code: platform
    for platform in (
        Platform("telegram", "Telegram", domestic=False, has_hotline=False),
        Platform("x", "X", domestic=False, has_hotline=True),
        Platform("facebook", "Facebook", domestic=False, has_hotline=True),
        Platform("instagram", "Instagram", domestic=False, has_hotline=True),
        Platform("youtube", "YouTube", domestic=False, has_hotline=True),
        Platform("tiktok", "TikTok", domestic=False, has_hotline=True),
        Platform("reddit", "Reddit", domestic=False, has_hotline=False),
        Platform("discord", "Discord", domestic=False, has_hotline=False),
        Platform("naver", "Naver", domestic=True, has_hotline=True),
        Platform("kakao", "Kakao", domestic=True, has_hotline=True),
        Platform("daum", "Daum", domestic=True, has_hotline=True),
    )
}

# Registrable domain → platform code. Subdomains (m., www., web.) match their parent.
HOST_TABLE: dict[str, str] = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.org": "telegram",
    "x.com": "x",
    "twitter.com": "x",
    "t.co": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "instagram.com": "instagram",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "reddit.com": "reddit",
    "redd.it": "reddit",
    "discord.com": "discord",
    "discord.gg": "discord",
    "discordapp.com": "discord",
    "naver.com": "naver",
    "naver.me": "naver",
    "kakao.com": "kakao",
    "daum.net": "daum",
}


def host_of(url: str) -> str:
    """The lower-case host of an http(s) URL, or `InvalidUrl`."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidUrl(f"{url!r} is not an http(s) URL with a host")
    return parts.hostname.lower().rstrip(".")


def platform_for(url: str) -> Platform:
    """The platform serving `url`; unknown hosts become an overseas site named by the host."""
    host = host_of(url)
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in HOST_TABLE:
            return KNOWN_PLATFORMS[HOST_TABLE[candidate]]
    site = host.removeprefix("www.")
    return Platform(f"site:{site}", site, domestic=site.endswith(".kr"), has_hotline=False)


def normalise_url(url: str) -> str:
    """A URL in the form used to recognise the same address reported twice."""
    parts = urlsplit(url.strip())
    host_of(url)
    netloc = parts.netloc.lower()
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{netloc}{path}{query}"
