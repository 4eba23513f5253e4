"""How an applicant may receive the result (hình thức nhận kết quả), and which one to offer first.

At the desk always; by public postal service when the procedure allows it (its catalog entry);
online for any dossier submitted online, whose result the agency can send as a signed file.
"""

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import ResultChannel
from motcua.dossiers.models import Dossier


def result_channels_offered(procedure: Procedure) -> list[ResultChannel]:
    """The ways `procedure` can return its result, in the order a form lists them."""
    offered = [ResultChannel.COUNTER]
    if procedure.postal_allowed:
        offered.append(ResultChannel.POSTAL)
    return [*offered, ResultChannel.ONLINE]


def result_channel_preferred(citizen: User, procedure: Procedure) -> tuple[ResultChannel, str]:
    """What the online form offers first: the channel (and postal address) the citizen chose
    for their latest dossier, when `procedure` offers it; else online when offered, else the
    desk."""
    offered = result_channels_offered(procedure)
    latest = (
        Dossier.objects.filter(citizen=citizen)
        .order_by("-received_at", "-pk")
        .values_list("result_channel", "result_address")
        .first()
    )
    if latest is not None and latest[0] in offered:
        channel = ResultChannel(latest[0])
        return channel, latest[1] if channel == ResultChannel.POSTAL else ""
    return (ResultChannel.ONLINE if ResultChannel.ONLINE in offered else offered[0]), ""
