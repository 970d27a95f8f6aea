from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "workfair.jobs"
    label = "jobs"
