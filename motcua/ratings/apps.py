from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "motcua.ratings"
    verbose_name = "Đánh giá mức độ hài lòng"

    def ready(self) -> None:
        # The evaluation scores are kept by the one rollup refresh, which knows no ratings.
        from motcua.metrics.services import register_dossier_rollup
        from motcua.ratings.services import evaluation_rescore

        register_dossier_rollup(evaluation_rescore)
