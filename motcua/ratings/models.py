from django.conf import settings
from django.db import models

from motcua.ratings.constants import Satisfaction


class Rating(models.Model):
    """The applicant's evaluation of one dossier, given once after the result."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.CharField("mức độ hài lòng", max_length=16, choices=Satisfaction.choices)
    # indicator key → 2 / 1 / 0 (see constants.CITIZEN_INDICATORS)
    scores = models.JSONField("điểm từng tiêu chí", default=dict)
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("đánh giá lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_satisfaction_display()}"
