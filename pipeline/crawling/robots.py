"""robots.txt: what warta may fetch, how slowly, and which sitemaps the site announces."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

ROBOTS_AGENT = "warta"


class Robots:
    """A host's robots.txt: the rules for warta (or *), its Crawl-delay and Sitemap lines."""

    def __init__(self, text: str | None, unreachable: bool = False) -> None:
        self.parser = RobotFileParser()
        self.parser.parse((text or "").splitlines())
        self.parser.disallow_all = unreachable  # a host whose robots.txt fails is left alone
        self.unreachable = unreachable
        self.sitemaps: list[str] = self.parser.site_maps() or []
        self.crawl_delay = _crawl_delay(text or "")

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(ROBOTS_AGENT, url)


def _crawl_delay(text: str) -> float | None:
    """Crawl-delay of the group for warta, else of `*` (robotparser only reads whole seconds)."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
            continue
        in_rules = True
        if key == "crawl-delay":
            try:
                delays.update(dict.fromkeys(agents, float(value)))
            except ValueError:
                continue
    own = [d for agent, d in delays.items() if agent != "*" and agent in ROBOTS_AGENT]
    return own[0] if own else delays.get("*")
