"""The outside systems MotCua talks to, one entry per `integrations/<system>/` sub-package.

Each system's `plugin.py` describes it: the setting that picks real client or simulator, its
settings check, and for a message channel the provider to send with. `manage.py check` runs every
check (`check --deploy` also the production ones); `motcua.notify` asks `channel_provider`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import checks

from motcua.integrations.channels import ChannelProvider

CheckList = list[checks.CheckMessage]


def _no_problems() -> CheckList:
    return []


@dataclass(frozen=True)
class Integration:
    name: str  # the sub-package: "sms", "zalo", "mail", …
    title: str  # for people, in Vietnamese
    setting: str  # the setting that chooses the real client or the simulator
    channel: str = ""  # the notify channel it carries ("" when it carries none)
    provider: Callable[[], ChannelProvider] | None = None  # per the setting, for a channel
    check: Callable[[], CheckList] = _no_problems  # settings that cannot work anywhere
    deploy_check: Callable[[], CheckList] = _no_problems  # settings unfit for production


def integrations() -> list[Integration]:
    """Every registered system; adding one means adding its plugin here."""
    # Imported here: each plugin imports its client, which reads settings lazily.
    from motcua.integrations.clamav.plugin import CLAMAV
    from motcua.integrations.mail.plugin import MAIL
    from motcua.integrations.sms.plugin import SMS
    from motcua.integrations.vneid.plugin import VNEID
    from motcua.integrations.zalo.plugin import ZALO

    return [MAIL, SMS, ZALO, VNEID, CLAMAV]


def channel_provider(channel: str) -> ChannelProvider:
    """The provider that carries `channel` ("email", "sms", "zalo"), as the settings choose."""
    for integration in integrations():
        if integration.channel == channel and integration.provider is not None:
            return integration.provider()
    raise LookupError(f"No integration carries the channel {channel!r}")


def integrations_check(**kwargs: Any) -> CheckList:
    """`manage.py check`: settings that would make a system fail on every call."""
    return [problem for integration in integrations() for problem in integration.check()]


def integrations_deploy_check(**kwargs: Any) -> CheckList:
    """`manage.py check --deploy`: simulators and test doubles left on in production."""
    return [problem for integration in integrations() for problem in integration.deploy_check()]
