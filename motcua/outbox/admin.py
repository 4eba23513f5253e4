from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import MAX_ATTEMPTS, outbox_retry


class DeliveryState(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [("pending", "chờ gửi"), ("given_up", "đã thôi thử lại"), ("sent", "đã gửi")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[OutboxMessage]
    ) -> QuerySet[OutboxMessage]:
        unsent = queryset.filter(sent_at__isnull=True)
        return {
            "pending": unsent.filter(attempts__lt=MAX_ATTEMPTS),
            "given_up": unsent.filter(attempts__gte=MAX_ATTEMPTS),
            "sent": queryset.filter(sent_at__isnull=False),
        }.get(self.value() or "", queryset)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PermissionAdmin[OutboxMessage]):
    """What waits to be sent, and what the outbox gave up on after its retry limit."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["created_at", "topic", "key", "attempts", "available_at", "sent_at"]
    list_filter = [DeliveryState, "topic"]
    search_fields = ["key"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Gửi lại các tin đã chọn (chưa gửi được)")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        with transaction.atomic():
            count = outbox_retry(
                ids=list(queryset.values_list("pk", flat=True)), actor=request.user
            )
        self.message_user(request, f"Đã đưa lại {count} tin vào hàng đợi gửi.", messages.SUCCESS)
