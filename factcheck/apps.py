from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Factcheck desk"
    default_auto_field = "django.db.models.BigAutoField"
