from django.apps import AppConfig
from django.core import checks


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Factcheck desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from factcheck.api import schema  # noqa: F401  (registers the token scheme)
        from factcheck.checks import check_base_url

        checks.register(check_base_url, "factcheck", deploy=True)
